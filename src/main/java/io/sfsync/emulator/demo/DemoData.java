package io.sfsync.emulator.demo;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.Values;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.Lock;

/**
 * Deterministic, realistic demo records. Each object store owns a {@link Random} with a fixed seed, so the same
 * sequence of seed calls yields the same field values on every run. Audit fields are back-dated the way a data
 * import with "Set Audit Fields upon Record Creation" does (CreatedDate/LastModifiedDate in the past),
 * while SystemModstamp is the org clock at seeding time, as Salesforce always sets it.
 * Rows are written directly (no per-record validation) so a million records seed in seconds.
 */
public final class DemoData {

    private static final String[] FIRST = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
        "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles",
        "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret",
        "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua", "Michelle", "Kenneth",
        "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca",
        "Jason", "Sharon", "Edward", "Laura", "Jeffrey", "Cynthia", "Ryan", "Amy", "Jacob", "Kathleen", "Gary", "Angela",
        "Nicholas", "Shirley", "Eric", "Brenda", "Jonathan", "Emma", "Priya", "Wei", "Carlos", "Sofia", "Ahmed", "Yuki",
        "Olga", "Mateo", "Chloe", "Diego"};
    private static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
        "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis",
        "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
        "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips",
        "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales",
        "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly",
        "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "O'Brien", "Patel", "Chen", "Schmidt", "Novak"};
    private static final String[] CO_PREFIX = {"Blue Ridge", "Northwind", "Summit", "Pinnacle", "Redwood", "Silverline",
        "Granite", "Harbor", "Evergreen", "Lakeshore", "Ironclad", "Brightpath", "Cedar", "Golden Gate", "Keystone",
        "Meridian", "Atlas", "Beacon", "Crescent", "Frontier", "Horizon", "Liberty", "Maple", "Oakmont", "Prairie",
        "Riverbend", "Sterling", "Trident", "Vanguard", "Westfield", "Apex", "Bluewater", "Coastal", "Highland", "Union"};
    private static final String[] CO_CORE = {"Analytics", "Logistics", "Software", "Manufacturing", "Health", "Energy",
        "Foods", "Financial", "Consulting", "Media", "Robotics", "Telecom", "Construction", "Pharma", "Capital",
        "Systems", "Networks", "Labs", "Outfitters", "Partners"};
    private static final String[] CO_SUFFIX = {"Inc.", "LLC", "Corp.", "Group", "Co.", "Ltd."};
    private static final String[] TITLES = {"CEO", "CFO", "CTO", "VP of Sales", "VP of Marketing", "Director of Operations",
        "IT Manager", "Marketing Manager", "Sales Manager", "Procurement Specialist", "Office Manager", "Software Engineer",
        "Account Executive", "Head of Growth", "Operations Analyst", "Purchasing Manager", "Chief Revenue Officer",
        "Product Manager", "HR Director", "Business Development Representative"};
    private static final String[] DEPARTMENTS = {"Sales", "Marketing", "Finance", "Engineering", "Operations", "IT",
        "Human Resources", "Procurement", "Customer Success", "Legal"};
    /** city, state code, state name, zip prefix, area code. */
    private static final String[][] CITIES = {
        {"San Francisco", "CA", "California", "941", "415"}, {"Los Angeles", "CA", "California", "900", "213"},
        {"San Diego", "CA", "California", "921", "619"}, {"Seattle", "WA", "Washington", "981", "206"},
        {"Portland", "OR", "Oregon", "972", "503"}, {"Denver", "CO", "Colorado", "802", "303"},
        {"Austin", "TX", "Texas", "787", "512"}, {"Dallas", "TX", "Texas", "752", "214"},
        {"Houston", "TX", "Texas", "770", "713"}, {"Phoenix", "AZ", "Arizona", "850", "602"},
        {"Chicago", "IL", "Illinois", "606", "312"}, {"Minneapolis", "MN", "Minnesota", "554", "612"},
        {"Detroit", "MI", "Michigan", "482", "313"}, {"Columbus", "OH", "Ohio", "432", "614"},
        {"Atlanta", "GA", "Georgia", "303", "404"}, {"Miami", "FL", "Florida", "331", "305"},
        {"Orlando", "FL", "Florida", "328", "407"}, {"Charlotte", "NC", "North Carolina", "282", "704"},
        {"Raleigh", "NC", "North Carolina", "276", "919"}, {"Nashville", "TN", "Tennessee", "372", "615"},
        {"New York", "NY", "New York", "100", "212"}, {"Buffalo", "NY", "New York", "142", "716"},
        {"Boston", "MA", "Massachusetts", "021", "617"}, {"Philadelphia", "PA", "Pennsylvania", "191", "215"},
        {"Pittsburgh", "PA", "Pennsylvania", "152", "412"}, {"Baltimore", "MD", "Maryland", "212", "410"},
        {"Richmond", "VA", "Virginia", "232", "804"}, {"Salt Lake City", "UT", "Utah", "841", "801"},
        {"Las Vegas", "NV", "Nevada", "891", "702"}, {"Kansas City", "MO", "Missouri", "641", "816"},
        {"St. Louis", "MO", "Missouri", "631", "314"}, {"Milwaukee", "WI", "Wisconsin", "532", "414"},
        {"Indianapolis", "IN", "Indiana", "462", "317"}, {"New Orleans", "LA", "Louisiana", "701", "504"},
        {"Boise", "ID", "Idaho", "837", "208"}, {"Albuquerque", "NM", "New Mexico", "871", "505"}};
    private static final String[] STREETS = {"Main St", "Oak Ave", "Maple Dr", "Market St", "Broadway", "Park Ave",
        "Elm St", "Washington Blvd", "Lake Shore Dr", "Pine St", "Cedar Ln", "Sunset Blvd", "Mission St", "5th Ave",
        "Commerce Way", "Industrial Pkwy", "Harbor Rd", "Hillcrest Rd", "River Rd", "Technology Dr"};
    private static final String[] COUNTRIES = {"USA", "USA", "USA", "United States", "US"};
    private static final String[] LEAD_SOURCES = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"};
    private static final String[] STATUSES = {"Open - Not Contacted", "Open - Not Contacted", "Working - Contacted",
        "Working - Contacted", "Closed - Converted", "Closed - Not Converted"};
    private static final String[] INDUSTRIES = {"Agriculture", "Banking", "Biotechnology", "Communications",
        "Construction", "Consulting", "Education", "Electronics", "Energy", "Finance", "Healthcare", "Hospitality",
        "Insurance", "Manufacturing", "Media", "Retail", "Technology", "Telecommunications", "Transportation", "Utilities"};
    private static final String[] RATINGS = {"Hot", "Warm", "Cold"};
    private static final String[] SALUTATIONS = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof."};
    private static final long DAY = 86_400_000L;

    private final EmulatorOrg org;
    private final MoreDemoData more = new MoreDemoData(this);
    /** Pooled strings keep a million seeded records compact. */
    private final Map<String, String> pool = new HashMap<>();

    public DemoData(EmulatorOrg org) {
        this.org = org;
    }

    EmulatorOrg org() {
        return org;
    }

    public synchronized void seed(ObjectStore store, int n) {
        if (n <= 0) {
            return;
        }
        switch (store.def.name) {
            case "Lead" -> generate(store, n, this::lead);
            case "Contact" -> {
                List<String> accounts = accountIds(Math.max(10, Math.min(200, n / 10)));
                generate(store, n, (s, r, row) -> contact(s, r, row, accounts));
            }
            case "Account" -> generate(store, n, this::account);
            default -> more.seed(store, n);
        }
    }

    @FunctionalInterface
    interface RowFiller {
        void fill(ObjectStore store, Random r, Object[] row);
    }

    void generate(ObjectStore store, int n, RowFiller filler) {
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            long now = org.clock().nowMillis();
            Long stamp = now;
            store.ensureCapacity(n);
            Random r = store.seedRandom;
            for (int i = 0; i < n; i++) {
                Object[] row = store.newRow();
                for (FieldDef f : store.def.fields) {
                    if (f.defaultValue != null && !f.system && !f.isCalculated()) {
                        row[f.index] = Values.toStored(f, f.defaultValue);
                    }
                }
                filler.fill(store, r, row);
                long created = now - DAY - (long) (r.nextDouble() * 730 * DAY);
                long modified = created + (long) (r.nextDouble() * (now - created));
                set(store, row, "CreatedDate", created);
                set(store, row, "LastModifiedDate", modified);
                row[store.idIdx] = store.nextId();
                org.stampNew(store, row, now);
                if (store.systemModstampIdx >= 0) {
                    row[store.systemModstampIdx] = stamp;
                }
                store.append(row);
            }
        } finally {
            w.unlock();
        }
    }

    void lead(ObjectStore s, Random r, Object[] row) {
        String first = pick(r, FIRST);
        String last = pick(r, LAST);
        int co = r.nextInt(CO_PREFIX.length * CO_CORE.length * CO_SUFFIX.length);
        String company = company(co);
        String[] city = CITIES[r.nextInt(CITIES.length)];
        set(s, row, "FirstName", first);
        set(s, row, "LastName", last);
        set(s, row, "Salutation", r.nextInt(3) == 0 ? pick(r, SALUTATIONS) : null);
        set(s, row, "Title", pick(r, TITLES));
        set(s, row, "Company", company);
        set(s, row, "Street", (100 + r.nextInt(9800)) + " " + pick(r, STREETS));
        set(s, row, "City", city[0]);
        set(s, row, "State", r.nextInt(5) == 0 ? city[2] : city[1]);
        set(s, row, "PostalCode", city[3] + pad(r.nextInt(100), 2));
        set(s, row, "Country", pick(r, COUNTRIES));
        set(s, row, "Phone", phone(r, city[4]));
        set(s, row, "MobilePhone", r.nextInt(3) == 0 ? phone(r, city[4]) : null);
        set(s, row, "Email", email(first, last, domain(co)));
        set(s, row, "Website", r.nextInt(4) == 0 ? null : pooled("www." + domain(co)));
        set(s, row, "LeadSource", pick(r, LEAD_SOURCES));
        set(s, row, "Status", pick(r, STATUSES));
        set(s, row, "Industry", pick(r, INDUSTRIES));
        set(s, row, "Rating", r.nextInt(4) == 0 ? null : pick(r, RATINGS));
        set(s, row, "AnnualRevenue", r.nextInt(5) == 0 ? null : (double) ((1 + r.nextInt(500)) * 100_000L));
        set(s, row, "NumberOfEmployees", r.nextInt(5) == 0 ? null : 1 + r.nextInt(5000));
        set(s, row, "HasOptedOutOfEmail", r.nextInt(10) == 0);
        set(s, row, "DoNotCall", r.nextInt(20) == 0);
    }

    private void contact(ObjectStore s, Random r, Object[] row, List<String> accounts) {
        String first = pick(r, FIRST);
        String last = pick(r, LAST);
        int co = r.nextInt(CO_PREFIX.length * CO_CORE.length * CO_SUFFIX.length);
        String[] city = CITIES[r.nextInt(CITIES.length)];
        set(s, row, "AccountId", accounts.isEmpty() || r.nextInt(10) == 0 ? null : accounts.get(r.nextInt(accounts.size())));
        set(s, row, "FirstName", first);
        set(s, row, "LastName", last);
        set(s, row, "Salutation", r.nextInt(3) == 0 ? pick(r, SALUTATIONS) : null);
        set(s, row, "Title", pick(r, TITLES));
        set(s, row, "Department", pick(r, DEPARTMENTS));
        set(s, row, "MailingStreet", (100 + r.nextInt(9800)) + " " + pick(r, STREETS));
        set(s, row, "MailingCity", city[0]);
        set(s, row, "MailingState", r.nextInt(5) == 0 ? city[2] : city[1]);
        set(s, row, "MailingPostalCode", city[3] + pad(r.nextInt(100), 2));
        set(s, row, "MailingCountry", pick(r, COUNTRIES));
        set(s, row, "Phone", phone(r, city[4]));
        set(s, row, "MobilePhone", r.nextInt(2) == 0 ? phone(r, city[4]) : null);
        set(s, row, "Email", email(first, last, domain(co)));
        set(s, row, "LeadSource", pick(r, LEAD_SOURCES));
        set(s, row, "Birthdate", r.nextInt(3) == 0 ? null
                : LocalDate.of(1950 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28)));
        set(s, row, "HasOptedOutOfEmail", r.nextInt(10) == 0);
        set(s, row, "DoNotCall", r.nextInt(20) == 0);
    }

    private void account(ObjectStore s, Random r, Object[] row) {
        int co = r.nextInt(CO_PREFIX.length * CO_CORE.length * CO_SUFFIX.length);
        String[] city = CITIES[r.nextInt(CITIES.length)];
        set(s, row, "Name", company(co));
        set(s, row, "Type", r.nextBoolean() ? "Prospect" : "Customer - Direct");
        set(s, row, "BillingStreet", (100 + r.nextInt(9800)) + " " + pick(r, STREETS));
        set(s, row, "BillingCity", city[0]);
        set(s, row, "BillingState", city[1]);
        set(s, row, "BillingPostalCode", city[3] + pad(r.nextInt(100), 2));
        set(s, row, "BillingCountry", "USA");
        set(s, row, "Phone", phone(r, city[4]));
        set(s, row, "Website", pooled("www." + domain(co)));
        set(s, row, "Industry", pick(r, INDUSTRIES));
        set(s, row, "AnnualRevenue", (double) ((1 + r.nextInt(1000)) * 1_000_000L));
        set(s, row, "NumberOfEmployees", 10 + r.nextInt(20000));
    }

    /** Ids of up to {@code wanted} live accounts, seeding them first when there are none. */
    List<String> accountIds(int wanted) {
        ObjectStore accounts = org.storeOrNull("Account");
        if (accounts == null) {
            return List.of();
        }
        if (org.count("Account") == 0) {
            generate(accounts, wanted, this::account);
        }
        List<String> ids = new ArrayList<>();
        Lock rl = accounts.lock.readLock();
        rl.lock();
        try {
            for (int i = 0; i < accounts.size() && ids.size() < wanted; i++) {
                Object[] row = accounts.row(i);
                if (!accounts.isDeleted(row)) {
                    ids.add((String) row[accounts.idIdx]);
                }
            }
        } finally {
            rl.unlock();
        }
        return ids;
    }

    String company(int co) {
        int p = co % CO_PREFIX.length;
        int c = (co / CO_PREFIX.length) % CO_CORE.length;
        int s = co / (CO_PREFIX.length * CO_CORE.length);
        return pooled(CO_PREFIX[p] + " " + CO_CORE[c] + " " + CO_SUFFIX[s]);
    }

    private final Map<Integer, String> domains = new HashMap<>();

    private String domain(int co) {
        int key = co % (CO_PREFIX.length * CO_CORE.length);
        return domains.computeIfAbsent(key, k -> {
            int p = k % CO_PREFIX.length;
            int c = k / CO_PREFIX.length;
            return (CO_PREFIX[p] + CO_CORE[c]).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + ".com";
        });
    }

    private static String email(String first, String last, String domain) {
        StringBuilder sb = new StringBuilder(first.length() + last.length() + domain.length() + 2);
        appendLocalPart(sb, first);
        sb.append('.');
        appendLocalPart(sb, last);
        return sb.append('@').append(domain).toString();
    }

    private static void appendLocalPart(StringBuilder sb, String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            }
        }
    }

    private static String phone(Random r, String area) {
        return "(" + area + ") " + (200 + r.nextInt(800)) + "-" + pad(r.nextInt(10000), 4);
    }

    private static String pad(int n, int width) {
        String s = Integer.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private String pooled(String s) {
        return pool.computeIfAbsent(s, k -> k);
    }

    static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Field index cache keyed by the (interned) literal field names used above. */
    private final Map<SObjectDef, Map<String, Integer>> indexCache = new HashMap<>();

    void set(ObjectStore s, Object[] row, String field, Object value) {
        Map<String, Integer> cache = indexCache.computeIfAbsent(s.def, d -> new java.util.IdentityHashMap<>());
        Integer idx = cache.get(field);
        if (idx == null) {
            FieldDef f = s.def.field(field);
            idx = f == null ? -1 : f.index;
            cache.put(field, idx);
        }
        if (idx >= 0) {
            row[idx] = value;
        }
    }
}
