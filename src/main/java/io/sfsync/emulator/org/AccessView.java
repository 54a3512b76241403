package io.sfsync.emulator.org;

/** The integration user's view of the schema (field-level security and object permissions). */
public interface AccessView {

    boolean objectVisible(SObjectDef o);

    boolean objectWritable(SObjectDef o);

    /** The object's Delete permission (describe's {@code deletable}, with the schema's). */
    default boolean objectDeletable(SObjectDef o) {
        return objectWritable(o);
    }

    boolean fieldVisible(SObjectDef o, FieldDef f);

    boolean fieldWritable(SObjectDef o, FieldDef f);

    /** Everything as the schema declares it. */
    AccessView ALL = new AccessView() {
        @Override
        public boolean objectVisible(SObjectDef o) {
            return true;
        }

        @Override
        public boolean objectWritable(SObjectDef o) {
            return true;
        }

        @Override
        public boolean fieldVisible(SObjectDef o, FieldDef f) {
            return true;
        }

        @Override
        public boolean fieldWritable(SObjectDef o, FieldDef f) {
            return true;
        }
    };
}
