package org.exchange.kit.purpose;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.exchange.contract.purpose.Purpose;

/** Bean Validation: the string is an id of the {@link Purpose} vocabulary (null is left to @NotNull). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownPurpose.Validator.class)
public @interface KnownPurpose {
    String message() default "unknown purpose; see GET /api/purposes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<KnownPurpose, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Purpose.isKnown(value);
        }
    }
}
