package io.sfsync.emulator.org;

import io.sfsync.emulator.SalesforceApiException;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sfsync.emulator.org.OrgRules.get;
import static io.sfsync.emulator.org.OrgRules.set;

/**
 * Opportunity's derived fields, as Salesforce sets them on insert and update: IsClosed, IsWon, Probability and
 * ForecastCategoryName from the stage (unless written), ForecastCategory, FiscalYear and FiscalQuarter from CloseDate.
 */
public final class OpportunityRules {

    public static final Map<String, Integer> STAGE_PROBABILITY = Map.of("Prospecting", 10, "Qualification", 10,
            "Needs Analysis", 20, "Value Proposition", 50, "Id. Decision Makers", 60, "Perception Analysis", 70,
            "Proposal/Price Quote", 75, "Negotiation/Review", 90, "Closed Won", 100, "Closed Lost", 0);
    private static final Map<String, String> FORECAST_API = Map.of("Omitted", "Omitted", "Pipeline", "Pipeline",
            "Best Case", "BestCase", "Commit", "Forecast", "Closed", "Closed");

    private OpportunityRules() {
    }

    static void apply(SObjectDef def, Object[] row, Set<String> written, boolean create) {
        String stage = (String) get(def, row, "StageName");
        boolean stageChanged = create || written.contains("StageName");
        if (stageChanged && stage != null) {
            set(def, row, "IsClosed", stage.startsWith("Closed"));
            set(def, row, "IsWon", stage.equals("Closed Won"));
            if (!written.contains("Probability") && STAGE_PROBABILITY.containsKey(stage)) {
                set(def, row, "Probability", STAGE_PROBABILITY.get(stage).doubleValue());
            }
            if (!written.contains("ForecastCategoryName")) {
                set(def, row, "ForecastCategoryName", stage.equals("Closed Won") ? "Closed"
                        : stage.equals("Closed Lost") ? "Omitted" : "Pipeline");
            }
        }
        Object category = get(def, row, "ForecastCategoryName");
        set(def, row, "ForecastCategory", category == null ? null : FORECAST_API.get(category));
        Object p = get(def, row, "Probability");
        if (p instanceof Double d && (d < 0 || d > 100)) {
            throw new SalesforceApiException(400, "FIELD_INTEGRITY_EXCEPTION",
                    "Probability (%): value outside of valid range on numeric field: " + d, List.of("Probability"));
        }
        if (get(def, row, "CloseDate") instanceof LocalDate close) {
            set(def, row, "FiscalYear", close.getYear());
            set(def, row, "FiscalQuarter", close.get(IsoFields.QUARTER_OF_YEAR));
        }
    }
}
