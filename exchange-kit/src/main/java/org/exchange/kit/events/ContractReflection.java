package org.exchange.kit.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.exchange.contract.Problem;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.contract.events.data.EarningsCredited;
import org.exchange.contract.events.data.LicenceConsentWithdrawn;
import org.exchange.contract.events.data.PayoutChanged;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.contract.events.data.QuoteIssued;
import org.exchange.contract.events.data.SubjectErased;

/** The contract's records are read and written by Jackson: kept for reflection in native images. */
@RegisterForReflection(targets = {EventEnvelope.class, Problem.class, Problem.FieldError.class, CohortMember.class,
        ConsentChanged.class, DatasetChanged.class, EarningsCredited.class, LicenceConsentWithdrawn.class,
        PayoutChanged.class, PurchaseCohort.class, PurchaseCompleted.class, PurchaseRefunded.class, QuoteIssued.class,
        SubjectErased.class})
public final class ContractReflection {

    private ContractReflection() {
    }
}
