namespace EsaBridge.Core.Sessions;

/// <summary>A finished message's scan verdicts and filter actions (<see cref="VerdictState"/>) as a record's values.</summary>
public sealed record VerdictSnapshot
{
    public string? Spam { get; init; }

    public string? SpamEngine { get; init; }

    public string? Graymail { get; init; }

    public string? Antivirus { get; init; }

    public string? AntivirusThreat { get; init; }

    public string? Amp { get; init; }

    public string? Outbreak { get; init; }

    public string? OutbreakThreat { get; init; }

    public string? Dlp { get; init; }

    public string? DlpPolicy { get; init; }

    public string? SpfHelo { get; init; }

    public string? SpfMailFrom { get; init; }

    public string? SpfPra { get; init; }

    public string? DkimResult { get; init; }

    public string? DkimDomain { get; init; }

    public string? DmarcResult { get; init; }

    public string? DmarcPolicy { get; init; }

    public string? SdrThreatLevel { get; init; }

    public IReadOnlyList<string> Filters { get; init; } = [];

    public IReadOnlyList<string> CustomLog { get; init; } = [];

    public IReadOnlyList<string> Attachments { get; init; } = [];

    internal static VerdictSnapshot Of(VerdictState v) => new()
    {
        Spam = v.SpamVerdict,
        SpamEngine = v.SpamVerdictEngine,
        Graymail = v.Graymail,
        Antivirus = v.Antivirus,
        AntivirusThreat = v.AntivirusThreat,
        Amp = v.Amp,
        Outbreak = v.Outbreak,
        OutbreakThreat = v.OutbreakThreat,
        Dlp = v.Dlp,
        DlpPolicy = v.DlpPolicy,
        SpfHelo = v.SpfHelo,
        SpfMailFrom = v.SpfMailFrom,
        SpfPra = v.SpfPra,
        DkimResult = v.DkimResult,
        DkimDomain = v.DkimDomain,
        DmarcResult = v.DmarcResult,
        DmarcPolicy = v.DmarcPolicy,
        SdrThreatLevel = v.SdrThreatLevel,
        Filters = [.. v.Filters],
        CustomLog = [.. v.CustomLog],
        Attachments = [.. v.Attachments],
    };

    /// <summary>The state these values came from (the final spam verdict stands for whichever line gave it).</summary>
    internal VerdictState ToState()
    {
        var v = new VerdictState
        {
            Spam = Spam,
            SpamEngine = SpamEngine,
            Graymail = Graymail,
            Antivirus = Antivirus,
            AntivirusThreat = AntivirusThreat,
            Amp = Amp,
            Outbreak = Outbreak,
            OutbreakThreat = OutbreakThreat,
            Dlp = Dlp,
            DlpPolicy = DlpPolicy,
            SpfHelo = SpfHelo,
            SpfMailFrom = SpfMailFrom,
            SpfPra = SpfPra,
            DkimResult = DkimResult,
            DkimDomain = DkimDomain,
            DmarcResult = DmarcResult,
            DmarcPolicy = DmarcPolicy,
            SdrThreatLevel = SdrThreatLevel,
        };
        v.Filters.AddRange(Filters);
        v.CustomLog.AddRange(CustomLog);
        v.Attachments.AddRange(Attachments);
        return v;
    }
}
