package io.sfsync.emulator;

/**
 * Options of {@link EmulatorOrg#convertLead} (Salesforce's LeadConvert). Start from {@link #defaults()}.
 *
 * @param accountId               existing Account to attach the Contact (and Opportunity) to; null = create one from
 *                                the lead's Company
 * @param createOpportunity       whether to create an Opportunity (LeadConvert.doNotCreateOpportunity inverted)
 * @param opportunityName         name of the new Opportunity; null = "{Company}-"
 * @param convertedStatus         the converted Lead Status to set; must be a converted status ("Closed - Converted")
 */
public record ConvertOptions(String accountId, boolean createOpportunity, String opportunityName,
                             String convertedStatus) {

    public static final String DEFAULT_CONVERTED_STATUS = "Closed - Converted";

    public static ConvertOptions defaults() {
        return new ConvertOptions(null, true, null, DEFAULT_CONVERTED_STATUS);
    }

    public ConvertOptions withAccountId(String id) {
        return new ConvertOptions(id, createOpportunity, opportunityName, convertedStatus);
    }

    public ConvertOptions withoutOpportunity() {
        return new ConvertOptions(accountId, false, opportunityName, convertedStatus);
    }

    public ConvertOptions withOpportunityName(String name) {
        return new ConvertOptions(accountId, createOpportunity, name, convertedStatus);
    }

    public ConvertOptions withConvertedStatus(String status) {
        return new ConvertOptions(accountId, createOpportunity, opportunityName, status);
    }

    /** Result of a conversion: the ids of the lead and the records it became (opportunityId may be null). */
    public record Result(String leadId, String accountId, String contactId, String opportunityId) {
    }
}
