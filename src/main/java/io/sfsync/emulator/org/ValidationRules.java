package io.sfsync.emulator.org;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.FieldCondition;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.ValidationRule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The org's validation rules ({@code EmulatorOrg.addValidationRule}): a written record whose field value violates a
 * rule's condition fails with FIELD_CUSTOM_VALIDATION_EXCEPTION, the rule's message and the field.
 */
public final class ValidationRules {

    private final EmulatorOrg org;
    private final List<ValidationRule> validationRules = new CopyOnWriteArrayList<>();

    ValidationRules(EmulatorOrg org) {
        this.org = org;
    }

    public ValidationRule add(String object, String field, String message, FieldCondition condition) {
        SObjectDef d = OrgRules.def(org, object);
        FieldDef f = d.field(field);
        if (f == null) {
            throw new IllegalArgumentException("no field " + field + " on " + d.name);
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a validation rule needs an error message");
        }
        if (condition == null) {
            throw new IllegalArgumentException("a validation rule needs a condition");
        }
        ValidationRule rule = new ValidationRule(d.name, f.name, message, condition);
        validationRules.add(rule);
        return rule;
    }

    public List<ValidationRule> all() {
        return List.copyOf(validationRules);
    }

    public void clear() {
        validationRules.clear();
    }

    void check(SObjectDef def, Object[] row) {
        for (ValidationRule r : validationRules) {
            if (r.object().equals(def.name)) {
                FieldDef f = def.field(r.field());
                if (!r.condition().test(ValueAccessor.of(f).get(row))) {
                    throw new SalesforceApiException(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", r.errorMessage(),
                            List.of(f.name));
                }
            }
        }
    }
}
