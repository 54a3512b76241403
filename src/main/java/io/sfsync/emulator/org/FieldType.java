package io.sfsync.emulator.org;

/** Salesforce field data types supported by the emulator (describe {@code type} values). */
public enum FieldType {
    ID("id", "tns:ID"),
    BOOLEAN("boolean", "xsd:boolean"),
    STRING("string", "xsd:string"),
    PICKLIST("picklist", "xsd:string"),
    TEXTAREA("textarea", "xsd:string"),
    PHONE("phone", "xsd:string"),
    EMAIL("email", "xsd:string"),
    URL("url", "xsd:string"),
    REFERENCE("reference", "tns:ID"),
    CURRENCY("currency", "xsd:double"),
    DOUBLE("double", "xsd:double"),
    PERCENT("percent", "xsd:double"),
    INT("int", "xsd:int"),
    DATE("date", "xsd:date"),
    DATETIME("datetime", "xsd:dateTime");

    public final String apiName;
    public final String soapType;

    FieldType(String apiName, String soapType) {
        this.apiName = apiName;
        this.soapType = soapType;
    }

    static FieldType of(String name) {
        for (FieldType t : values()) {
            if (t.apiName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown field type " + name);
    }

    public boolean isText() {
        return this == STRING || this == PICKLIST || this == TEXTAREA || this == PHONE || this == EMAIL || this == URL;
    }

    public boolean isId() {
        return this == ID || this == REFERENCE;
    }

    public boolean isNumber() {
        return this == CURRENCY || this == DOUBLE || this == PERCENT || this == INT;
    }

    /** The type name SOQL uses in "must be of type X" messages. */
    public String soqlTypeName() {
        return switch (this) {
            case DATETIME -> "dateTime";
            case DATE -> "date";
            case BOOLEAN -> "boolean";
            case INT -> "integer";
            case CURRENCY, DOUBLE, PERCENT -> "double";
            case ID, REFERENCE -> "id";
            default -> "string";
        };
    }
}
