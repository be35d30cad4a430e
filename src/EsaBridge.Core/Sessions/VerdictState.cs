using System.Text;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// What the scan and filter lines of one open message said (<see cref="LineKind.MidVerdict"/>): the last line of
/// each kind wins, except AMP (the worst verdict of the message's attachments) and the lists (filters, custom log
/// entries, attachments), which collect in log order. Verdict words are kept lowercased with spaces as <c>_</c>,
/// names and texts as logged. Created on a message's first such line and kept (cleared) when its state is reused.
/// </summary>
internal sealed class VerdictState
{
    /// <summary>More items than this in one list are dropped: a hostile log cannot grow one message without bound.</summary>
    public const int MaxListItems = 64;

    private const int MaxWordBytes = 128;

    public string? Spam;
    public string? SpamEngine;
    public string? InterimSpam;
    public string? InterimSpamEngine;
    public string? Graymail;
    public string? Antivirus;
    public string? AntivirusThreat;
    public string? Amp;
    public string? Outbreak;
    public string? OutbreakThreat;
    public string? Dlp;
    public string? DlpPolicy;
    public string? SpfHelo;
    public string? SpfMailFrom;
    public string? SpfPra;
    public string? DkimResult;
    public string? DkimDomain;
    public string? DmarcResult;
    public string? DmarcPolicy;
    public string? SdrThreatLevel;
    public readonly List<string> Filters = [];
    public readonly List<string> CustomLog = [];
    public readonly List<string> Attachments = [];

    /// <summary>True when no line has set anything (a new state, or one cleared for reuse).</summary>
    public bool IsEmpty => Filters.Count == 0 && CustomLog.Count == 0 && Attachments.Count == 0 && Scalars().All(v => v is null);

    /// <summary>The final spam verdict, else the interim one.</summary>
    public string? SpamVerdict => Spam ?? InterimSpam;

    public string? SpamVerdictEngine => Spam is null ? InterimSpamEngine : SpamEngine;

    public void Take(ReadOnlySpan<byte> line, in ParsedLine p, Utf8StringPool pool)
    {
        var value = p.VerdictValue.Of(line);
        var detail = p.VerdictDetail;
        switch (p.Verdict)
        {
            case VerdictKind.Spam:
                Spam = Word(value, pool);
                SpamEngine = Name(line, detail, pool);
                break;
            case VerdictKind.SpamInterim:
                InterimSpam = Word(value, pool);
                InterimSpamEngine = Name(line, detail, pool);
                break;
            case VerdictKind.Graymail:
                Graymail = Word(value, pool);
                break;
            case VerdictKind.Antivirus:
                Antivirus = Word(value, pool);
                AntivirusThreat = Name(line, detail, pool);
                break;
            case VerdictKind.Amp:
                string amp = value.SequenceEqual("LOWRISK"u8) ? "low_risk" : Word(value, pool);
                if (Amp is null || AmpRank(amp) >= AmpRank(Amp))
                {
                    Amp = amp;
                }

                break;
            case VerdictKind.Outbreak:
                Outbreak = Word(value, pool);
                OutbreakThreat = Name(line, detail, pool);
                break;
            case VerdictKind.Dlp:
                Dlp = value.SequenceEqual("no violation"u8) ? "none" : Word(value, pool);
                DlpPolicy = Name(line, detail, pool);
                break;
            case VerdictKind.SpfHelo:
                SpfHelo = Word(value, pool);
                break;
            case VerdictKind.SpfMailFrom:
                SpfMailFrom = Word(value, pool);
                break;
            case VerdictKind.SpfPra:
                SpfPra = Word(value, pool);
                break;
            case VerdictKind.Dkim:
                DkimResult = Word(value, pool);
                DkimDomain = Name(line, detail, pool);
                break;
            case VerdictKind.Dmarc:
                DmarcResult = value.SequenceEqual("passed"u8) ? "pass" : value.SequenceEqual("failed"u8) ? "fail" : Word(value, pool);
                DmarcPolicy = detail.IsEmpty ? DmarcPolicy : Word(detail.Of(line), pool);
                break;
            case VerdictKind.SdrThreatLevel:
                SdrThreatLevel = Word(value, pool);
                break;
            case VerdictKind.Filter:
                AddFilter(pool.Get(value));
                break;
            case VerdictKind.CustomLog:
                Add(CustomLog, Encoding.UTF8.GetString(value), distinct: false);
                break;
            case VerdictKind.Attachment:
                Add(Attachments, Encoding.UTF8.GetString(value), distinct: true);
                break;
        }
    }

    /// <summary>A filter that acted on the message, once, in the order they acted.</summary>
    public void AddFilter(string name) => Add(Filters, name, distinct: true);

    public void Clear()
    {
        Spam = SpamEngine = InterimSpam = InterimSpamEngine = Graymail = Antivirus = AntivirusThreat = Amp = null;
        Outbreak = OutbreakThreat = Dlp = DlpPolicy = SpfHelo = SpfMailFrom = SpfPra = null;
        DkimResult = DkimDomain = DmarcResult = DmarcPolicy = SdrThreatLevel = null;
        Filters.Clear();
        CustomLog.Clear();
        Attachments.Clear();
    }

    /// <summary>Writes the verdicts for a checkpoint (inside the message's record, <see cref="MessageState.Save"/>).</summary>
    public void Save(BinaryWriter w)
    {
        foreach (string? value in Scalars())
        {
            SessionizerState.WriteString(w, value);
        }

        WriteList(w, Filters);
        WriteList(w, CustomLog);
        WriteList(w, Attachments);
    }

    public static VerdictState Load(BinaryReader r)
    {
        var v = new VerdictState
        {
            Spam = SessionizerState.ReadString(r),
            SpamEngine = SessionizerState.ReadString(r),
            InterimSpam = SessionizerState.ReadString(r),
            InterimSpamEngine = SessionizerState.ReadString(r),
            Graymail = SessionizerState.ReadString(r),
            Antivirus = SessionizerState.ReadString(r),
            AntivirusThreat = SessionizerState.ReadString(r),
            Amp = SessionizerState.ReadString(r),
            Outbreak = SessionizerState.ReadString(r),
            OutbreakThreat = SessionizerState.ReadString(r),
            Dlp = SessionizerState.ReadString(r),
            DlpPolicy = SessionizerState.ReadString(r),
            SpfHelo = SessionizerState.ReadString(r),
            SpfMailFrom = SessionizerState.ReadString(r),
            SpfPra = SessionizerState.ReadString(r),
            DkimResult = SessionizerState.ReadString(r),
            DkimDomain = SessionizerState.ReadString(r),
            DmarcResult = SessionizerState.ReadString(r),
            DmarcPolicy = SessionizerState.ReadString(r),
            SdrThreatLevel = SessionizerState.ReadString(r),
        };
        ReadList(r, v.Filters);
        ReadList(r, v.CustomLog);
        ReadList(r, v.Attachments);
        return v;
    }

    /// <summary>Worse is higher: malware > low_risk > unknown > unscannable > clean > anything else (skipped, ...).</summary>
    private static int AmpRank(string verdict) => verdict switch
    {
        "malware" => 5,
        "low_risk" => 4,
        "unknown" => 3,
        "unscannable" => 2,
        "clean" => 1,
        _ => 0,
    };

    /// <summary>The logged word(s), lowercased, spaces as <c>_</c> (ASCII only; other bytes as they are).</summary>
    private static string Word(ReadOnlySpan<byte> value, Utf8StringPool pool)
    {
        if (KnownWord(value) is { } known)
        {
            return known;
        }

        Span<byte> word = value.Length <= MaxWordBytes ? stackalloc byte[value.Length] : new byte[value.Length];
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            word[i] = b == ' ' ? (byte)'_' : (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;
        }

        return pool.Get(word);
    }

    /// <summary>The words most verdict lines log, as they spell them, lowercased (what <see cref="Word"/> makes of
    /// them) by a compare or two of the bytes instead of the pool's hash and lookup: verdicts and the pool went from 4.2
    /// to 3.3 % of native <c>parse</c>'s samples (docs/PERFORMANCE.md, issue 18).</summary>
    private static string? KnownWord(ReadOnlySpan<byte> value) => value.Length switch
    {
        4 => value.SequenceEqual("Pass"u8) || value.SequenceEqual("pass"u8) ? "pass"
            : value.SequenceEqual("None"u8) ? "none" : value.SequenceEqual("Fail"u8) ? "fail" : null,
        5 => value.SequenceEqual("CLEAN"u8) ? "clean" : null,
        7 => value.SequenceEqual("SKIPPED"u8) ? "skipped" : value.SequenceEqual("UNKNOWN"u8) ? "unknown"
            : value.SequenceEqual("Neutral"u8) ? "neutral" : null,
        8 => value.SequenceEqual("negative"u8) ? "negative" : value.SequenceEqual("positive"u8) ? "positive"
            : value.SequenceEqual("SoftFail"u8) ? "softfail" : null,
        _ => null,
    };

    private static string? Name(ReadOnlySpan<byte> line, TextRange range, Utf8StringPool pool) =>
        range.IsEmpty ? null : pool.Get(range.Of(line));

    private static void Add(List<string> list, string item, bool distinct)
    {
        if (list.Count < MaxListItems && !(distinct && list.Contains(item)))
        {
            list.Add(item);
        }
    }

    private string?[] Scalars() =>
    [
        Spam, SpamEngine, InterimSpam, InterimSpamEngine, Graymail, Antivirus, AntivirusThreat, Amp, Outbreak,
        OutbreakThreat, Dlp, DlpPolicy, SpfHelo, SpfMailFrom, SpfPra, DkimResult, DkimDomain, DmarcResult, DmarcPolicy,
        SdrThreatLevel,
    ];

    private static void WriteList(BinaryWriter w, List<string> items)
    {
        w.Write(items.Count);
        foreach (string item in items)
        {
            w.Write(item);
        }
    }

    private static void ReadList(BinaryReader r, List<string> items)
    {
        int count = r.ReadInt32();
        if (count is < 0 or > MaxListItems)
        {
            throw new FormatException($"a verdict list of {count} items");
        }

        for (int i = 0; i < count; i++)
        {
            items.Add(r.ReadString());
        }
    }
}
