using System.Globalization;
using System.Text;

namespace EsaBridge.Bench.Generation;

/// <summary>
/// The clients that connect to the appliance: internet senders picked with a skew (a few hosts send much of the
/// mail, as in real traffic), a handful of partner hosts behind a flaky firewall that most lost connections come
/// from, and internal relays.
/// </summary>
internal sealed class HostPool
{
    private const string InboundInterface = " interface Data 1 (10.0.0.5) address ";
    private const string RelayInterface = " interface Data 2 (10.0.1.5) address ";
    private const int InternetHostCount = 4096;
    private const int FlakyHostCount = 8;
    private const int RelayHostCount = 24;
    private const int TrustedHostCount = 6;

    private static readonly byte[] FirstOctets =
    [
        12, 23, 24, 34, 37, 40, 46, 50, 52, 62, 64, 66, 67, 69, 72, 74, 77, 78, 80, 81, 82, 83, 84, 85, 87, 88, 89,
        91, 93, 94, 95, 104, 107, 108, 109, 128, 130, 131, 134, 136, 139, 141, 145, 149, 151, 152, 157, 158, 159,
        162, 163, 170, 173, 176, 178, 185, 188, 193, 194, 195, 198, 199, 203, 204, 205, 206, 207, 208, 209, 212,
        213, 216, 217,
    ];

    private static readonly string[] Isps = ["cablenet", "fibrelink", "telnordic", "skyway-isp", "metro-dsl", "bbnet"];

    private readonly RemoteHost[] _internet;
    private readonly RemoteHost[] _flaky;
    private readonly RemoteHost[] _relays;
    private readonly RemoteHost[] _trusted;

    private HostPool(RemoteHost[] internet, RemoteHost[] flaky, RemoteHost[] relays, RemoteHost[] trusted)
    {
        _internet = internet;
        _flaky = flaky;
        _relays = relays;
        _trusted = trusted;
    }

    public static HostPool Create(Random random, Vocabulary vocabulary)
    {
        var internet = new RemoteHost[InternetHostCount];
        for (int i = 0; i < internet.Length; i++)
        {
            internet[i] = InternetHost(random, vocabulary);
        }

        RemoteHost[] flaky = [.. internet.Skip(40).Where(h => h.Role == HostRole.Accepted).Take(FlakyHostCount)];
        var relays = new RemoteHost[RelayHostCount];
        for (int i = 0; i < relays.Length; i++)
        {
            relays[i] = RelayHost(random, i + 1);
        }

        var trusted = new RemoteHost[TrustedHostCount];
        for (int i = 0; i < trusted.Length; i++)
        {
            trusted[i] = TrustedHost(random, vocabulary, i + 1);
        }

        return new HostPool(internet, flaky, relays, trusted);
    }

    /// <summary>Picks the client of a new connection; <paramref name="willLoseConnection"/> favours the flaky hosts.</summary>
    public RemoteHost Pick(Random random, bool willLoseConnection)
    {
        double roll = random.NextDouble();
        if (willLoseConnection && roll < 0.6)
        {
            return Vocabulary.Pick(random, _flaky);
        }

        if (roll > 0.9)
        {
            return Vocabulary.Pick(random, _relays);
        }

        if (roll > 0.88)
        {
            return Vocabulary.Pick(random, _trusted);
        }

        int index = (int)(InternetHostCount * Math.Pow(random.NextDouble(), 2.5));
        return _internet[index];
    }

    private static RemoteHost InternetHost(Random random, Vocabulary vocabulary)
    {
        uint address = PublicAddress(random);
        byte[] domain = Vocabulary.Pick(random, vocabulary.ExternalDomains);
        string domainText = Encoding.UTF8.GetString(domain);
        int flavour = random.Next(100);
        string dns;
        bool verified;
        if (flavour < 70)
        {
            string[] names = ["mail", "mx", "smtp", "outbound", "mta", "relay"];
            string name = Vocabulary.Pick(random, names);
            dns = random.Next(3) == 0 ? $"{name}.{domainText}" : $"{name}{random.Next(1, 30)}.{domainText}";
            verified = random.Next(10) != 0;
        }
        else if (flavour < 85)
        {
            dns = $"{address & 0xFF}-{(address >> 8) & 0xFF}-{(address >> 16) & 0xFF}-{address >> 24}" +
                $".dyn.{Vocabulary.Pick(random, Isps)}.net";
            verified = random.Next(3) == 0;
        }
        else
        {
            dns = "unknown";
            verified = false;
        }

        string connect = string.Create(
            CultureInfo.InvariantCulture,
            $"{InboundInterface}{FormatIp(address)} reverse dns host {dns} verified {(verified ? "yes" : "no")}");
        (string policy, HostRole role) = InternetPolicy(random);
        if (random.Next(4) == 0)
        {
            policy += Encoding.UTF8.GetString(Vocabulary.Pick(random, vocabulary.CountrySuffixes));
        }

        return new RemoteHost(address, Vocabulary.Utf8(connect), Vocabulary.Utf8(policy), domain, role);
    }

    private static (string Policy, HostRole Role) InternetPolicy(Random random)
    {
        int roll = random.Next(100);
        if (roll < 12)
        {
            return (" ACCEPT SG UNKNOWNLIST match sbrs[none] SBRS None", HostRole.Accepted);
        }

        double score = roll switch
        {
            < 78 => random.NextDouble() * 6.5,
            < 92 => -random.NextDouble(),
            < 96 => -1.0 - (random.NextDouble() * 2.0),
            _ => -3.1 - (random.NextDouble() * 6.8),
        };
        score = Math.Round(score, 1);
        if (score == 0)
        {
            score = 0; // never print -0.0
        }

        string sbrs = score.ToString("0.0", CultureInfo.InvariantCulture);
        return score switch
        {
            >= -1.0 => ($" ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS {sbrs}", HostRole.Accepted),
            >= -3.0 => ($" ACCEPT SG SUSPECTLIST match sbrs[-3.0:-1.0] SBRS {sbrs}", HostRole.Accepted),
            _ => ($" REJECT SG BLACKLIST match sbrs[-10.0:-3.0] SBRS {sbrs}", HostRole.Rejected),
        };
    }

    private static RemoteHost RelayHost(Random random, int number)
    {
        uint address = (10u << 24) | (20u << 16) | ((uint)random.Next(1, 10) << 8) | (uint)random.Next(1, 255);
        string connect = string.Create(
            CultureInfo.InvariantCulture,
            $"{RelayInterface}{FormatIp(address)} reverse dns host app{number:00}.corp.example.com verified yes");
        return new RemoteHost(
            address,
            Vocabulary.Utf8(connect),
            Vocabulary.Utf8(" RELAY SG RELAY_SG match 10.20.0.0/16 SBRS not enabled"),
            Vocabulary.Utf8("example.com"),
            HostRole.Relay);
    }

    private static RemoteHost TrustedHost(Random random, Vocabulary vocabulary, int number)
    {
        uint address = (10u << 24) | (30u << 16) | ((uint)number << 8) | (uint)random.Next(1, 255);
        string connect = string.Create(
            CultureInfo.InvariantCulture,
            $"{InboundInterface}{FormatIp(address)} reverse dns host scan{number:00}.corp.example.com verified yes");
        return new RemoteHost(
            address,
            Vocabulary.Utf8(connect),
            Vocabulary.Utf8(" ACCEPT SG ALLOWED_LIST match 10.30.0.0/16 SBRS rfc1918"),
            Vocabulary.Pick(random, vocabulary.InternalDomains),
            HostRole.Accepted);
    }

    private static uint PublicAddress(Random random) =>
        ((uint)FirstOctets[random.Next(FirstOctets.Length)] << 24) | ((uint)random.Next(0, 256) << 16) |
        ((uint)random.Next(0, 256) << 8) | (uint)random.Next(1, 255);

    private static string FormatIp(uint address) => string.Create(
        CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
}
