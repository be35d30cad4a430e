using System.Text;

namespace EsaBridge.Bench.Generation;

/// <summary>
/// Words the generator draws from, pre-encoded as UTF-8 once so that writing a line never encodes text:
/// mailbox names, domains, subjects (already quoted the way the log quotes them) and policy names.
/// </summary>
internal sealed class Vocabulary
{
    private static readonly string[] FirstNames =
    [
        "anna", "ben", "carla", "david", "elena", "frank", "grace", "hugo", "ines", "jan", "karin", "luis", "maria",
        "nils", "olga", "paul", "rita", "sven", "tina", "uwe", "vera", "walter", "yuki", "zoe", "amir", "bea",
        "chen", "dana", "emil", "fatima", "georg", "hanna", "ivan", "julia", "kenji", "lena", "marc", "nora",
        "oscar", "petra",
    ];

    private static readonly string[] LastNames =
    [
        "smith", "mueller", "martin", "rossi", "garcia", "novak", "jensen", "dubois", "schmidt", "tanaka",
        "kowalski", "silva", "nguyen", "berger", "fischer", "moreau", "costa", "larsen", "weber", "meyer",
        "lopez", "koch", "bauer", "richter", "klein", "wolf", "young", "hall", "wright", "baker",
    ];

    private static readonly string[] RoleAccounts =
    [
        "info", "noreply", "no-reply", "billing", "invoices", "newsletter", "support", "sales", "hr", "office",
        "accounts.payable", "notifications", "alerts", "service", "orders", "jobs", "press", "webmaster",
    ];

    private static readonly string[] DomainWords =
    [
        "northwind", "contoso", "fabrikam", "tailspin", "adventure", "litware", "proseware", "wingtip", "woodgrove",
        "alpine", "blue-yonder", "coho", "datum", "fourth", "graphic", "humongous", "lucerne", "margie", "nod",
        "southridge", "trey", "wide-world", "bellows", "cascade", "delta", "ember", "falcon", "granite", "harbor",
        "ironwood", "juniper", "keystone", "lakeside", "meridian", "nimbus", "orchard", "pinnacle", "quarry",
        "redwood", "summit", "timber", "unity", "vantage", "willow", "zenith", "atlas", "beacon", "crescent",
    ];

    private static readonly string[] DomainSuffixes =
    [
        "-logistics", "-travel", "-bank", "-insurance", "-media", "-systems", "-energy", "-health", "-foods",
        "-consulting", "-group", "mail", "", "", "", "",
    ];

    private static readonly string[] TopLevelDomains =
    [
        "com", "com", "com", "net", "org", "de", "fr", "co.uk", "nl", "io", "it", "es", "jp", "com.br", "ch", "se",
    ];

    private static readonly string[] SubjectTexts =
    [
        "Invoice 2023-0612", "Re: Q2 numbers", "Meeting notes", "Your order has shipped", "Weekly report",
        "Réunion mensuelle", "Re: Réunion de lundi", "Überweisung bestätigt", "Angebot für Ihr Projekt",
        "見積もりのご依頼", "Счёт на оплату №4512", "Facture n° 2023-0815", "Fwd: contract draft v3",
        "Password expiry notice", "Your monthly statement is ready", "RE: PO 4500182273", "Newsletter June",
        "Delivery notification", "Re: lunch?", "Candidate CV - Senior Engineer", "Out of Office: travelling",
        "Don't miss our summer sale", "Re: Don't forget the deadline", "Yesterday's call", "Customer's feedback",
        "[EXT] Shared document", "Action required: verify your account", "Re: Re: Re: budget",
        "Training schedule", "Security advisory", "Webinar invitation", "Ticket #48213 updated", "Test",
        "Année fiscale: clôture", "Mañana: agenda", "Status update", "Purchase order confirmation", "Receipt",
        "Re: shipment delayed", "Quarterly review", "", "Payment reminder", "FW: travel itinerary",
    ];

    private static readonly string[] PolicyNames = ["DEFAULT", "DEFAULT", "DEFAULT", "DEFAULT", "Executives", "Finance"];

    private static readonly string[] Countries =
        ["United States", "Germany", "France", "Netherlands", "Japan", "Brazil", "United Kingdom", "Ireland"];

    private Vocabulary(Random random)
    {
        var locals = new List<byte[]>();
        foreach (string first in FirstNames)
        {
            foreach (string last in LastNames)
            {
                locals.Add(Utf8($"{first}.{last}"));
                if (random.Next(4) == 0)
                {
                    locals.Add(Utf8($"{first[0]}{last}"));
                }
            }
        }

        PersonalLocals = [.. locals];
        RoleLocals = [.. RoleAccounts.Select(Utf8)];

        var domains = new HashSet<string>(StringComparer.Ordinal);
        while (domains.Count < 3000)
        {
            string word = DomainWords[random.Next(DomainWords.Length)];
            string suffix = DomainSuffixes[random.Next(DomainSuffixes.Length)];
            string tld = TopLevelDomains[random.Next(TopLevelDomains.Length)];
            domains.Add($"{word}{suffix}.{tld}");
        }

        ExternalDomains = [.. domains.Order(StringComparer.Ordinal).Select(Utf8)];
        InternalDomains = [Utf8("example.com"), Utf8("example.com"), Utf8("example.org"), Utf8("eu.example.com")];
        Subjects = [.. SubjectTexts.Select(QuoteSubject)];
        Policies = [.. PolicyNames.Select(Utf8)];
        CountrySuffixes = [.. Countries.Select(c => Utf8($" country {c}"))];
    }

    public byte[][] PersonalLocals { get; }

    public byte[][] RoleLocals { get; }

    public byte[][] ExternalDomains { get; }

    public byte[][] InternalDomains { get; }

    /// <summary>Subjects with their quotes: single, or double when the text holds a single quote (Python's repr).</summary>
    public byte[][] Subjects { get; }

    public byte[][] Policies { get; }

    /// <summary><c> country Germany</c>: what newer versions append to the host access table line.</summary>
    public byte[][] CountrySuffixes { get; }

    public static Vocabulary Create(Random random) => new(random);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    public MailAddress ExternalAddress(Random random, byte[] domain) =>
        new(random.Next(5) == 0 ? Pick(random, RoleLocals) : Pick(random, PersonalLocals), domain);

    public MailAddress InternalAddress(Random random) =>
        new(random.Next(12) == 0 ? Pick(random, RoleLocals) : Pick(random, PersonalLocals), Pick(random, InternalDomains));

    private static byte[] QuoteSubject(string text) =>
        Utf8(text.Contains('\'', StringComparison.Ordinal) ? $"\"{text}\"" : $"'{text}'");
}
