using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EsaBridge.Core.Parsing;

/// <summary>
/// Recognises the message text after the level: dispatch on the first byte, then fixed literals and numbers.
/// Offsets written into <see cref="ParsedLine"/> are relative to the whole line.
/// </summary>
/// <remarks>
/// A switch on the first byte, then a literal compare, instead of one regex per line shape: with the header parse
/// this is the reading thread's whole cost (35-60 ns a line), against the regex baseline's 7 s for 300 MB
/// (docs/PERFORMANCE.md). Each parse method reads <c>pos</c> forward only; <see cref="Ascii.SkipLiteral"/> steps over
/// the fixed text.
/// </remarks>
internal static partial class MessageBodyParser
{
    public static LineKind Parse(ReadOnlySpan<byte> line, int body, ref ParsedLine r)
    {
        Debug.Assert(body >= 0, "the body starts inside the line");
        if (body >= line.Length)
        {
            return LineKind.NotUsed;
        }

        int pos = body;
        return line[body] switch
        {
            (byte)'M' => ParseM(line, pos, ref r),
            (byte)'I' when Ascii.SkipLiteral(line, ref pos, "ICID "u8) => ParseIcid(line, pos, ref r),
            (byte)'I' when Ascii.SkipLiteral(line, ref pos, "ISQ: Quarantined MID "u8) => ParseSpamQuarantined(line, pos, ref r),
            (byte)'S' when Ascii.SkipLiteral(line, ref pos, "Start MID "u8) => ParseStartMid(line, pos, ref r),
            (byte)'N' when Ascii.SkipLiteral(line, ref pos, "New SMTP ICID "u8) => ParseNewIcid(line, pos, ref r),
            (byte)'N' when Ascii.SkipLiteral(line, ref pos, "New SMTP DCID "u8) => ParseNewDcid(line, pos, ref r),
            // Lower case in Cisco tech note 118500's 2005 lines.
            (byte)'N' when Ascii.SkipLiteral(line, ref pos, "New smtp ICID "u8) => ParseNewIcid(line, pos, ref r),
            (byte)'D' when Ascii.SkipLiteral(line, ref pos, "Delivery start DCID "u8) => ParseDcidMid(line, pos, DeliveryEvent.Start, ref r),
            (byte)'D' when Ascii.SkipLiteral(line, ref pos, "Delayed: DCID "u8) => ParseDcidMid(line, pos, DeliveryEvent.Delayed, ref r),
            (byte)'D' when Ascii.SkipLiteral(line, ref pos, "DCID "u8) => ParseDcid(line, pos, ref r),
            (byte)'B' when Ascii.SkipLiteral(line, ref pos, "Bounced: DCID "u8) => ParseDcidMid(line, pos, DeliveryEvent.Bounced, ref r),
            (byte)'B' when Ascii.Follows(line, pos, "Begin Logfile"u8) => LineKind.BeginLogfile,
            (byte)'E' when Ascii.Follows(line, pos, "End Logfile"u8) => LineKind.EndLogfile,
            (byte)'E' when Ascii.SkipLiteral(line, ref pos, "EUQ: Quarantined MID "u8) => ParseSpamQuarantined(line, pos, ref r),
            (byte)'V' when Ascii.SkipLiteral(line, ref pos, "Version: "u8) => ParseVersion(line, pos, ref r),
            (byte)'T' when Ascii.SkipLiteral(line, ref pos, "Time offset from UTC: "u8) => ParseTimeOffset(line, pos, ref r),
            _ => LineKind.NotUsed,
        };
    }

    /// <remarks>Inline in <see cref="Parse"/>: three lines in four start with M, and the call of its own with its
    /// prologue cost 30 instructions a line (docs/PERFORMANCE.md, issue 18).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static LineKind ParseM(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (Ascii.SkipLiteral(line, ref pos, "MID "u8))
        {
            return ParseMid(line, pos, ref r);
        }

        if (Ascii.SkipLiteral(line, ref pos, "Message finished MID "u8))
        {
            return ParseFinished(line, pos, ref r);
        }

        if (Ascii.SkipLiteral(line, ref pos, "Message aborted MID "u8))
        {
            return ParseAborted(line, pos, ref r);
        }

        if (Ascii.SkipLiteral(line, ref pos, "Message done DCID "u8))
        {
            return ParseDcidMid(line, pos, DeliveryEvent.Done, ref r);
        }

        return LineKind.NotUsed;
    }

    private static LineKind ParseFinished(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Mid) || !Ascii.SkipLiteral(line, ref pos, " "u8))
        {
            return LineKind.Malformed;
        }

        var word = line[pos..Ascii.TrimEnd(line, pos, line.Length)];
        if (word.SequenceEqual("done"u8))
        {
            r.FinishedAborted = false;
        }
        else if (word.SequenceEqual("aborted"u8))
        {
            r.FinishedAborted = true;
        }
        else
        {
            return LineKind.Malformed;
        }

        return LineKind.MessageFinished;
    }

    private static LineKind ParseAborted(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Mid))
        {
            return LineKind.Malformed;
        }

        int start = Ascii.SkipSpaces(line, pos);
        r.AbortReason = Ascii.Range(start, Ascii.TrimEnd(line, start, line.Length));
        return LineKind.MessageAborted;
    }

    private static LineKind ParseStartMid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r) =>
        Ascii.TryReadLong(line, ref pos, out r.Mid) && Ascii.SkipLiteral(line, ref pos, " ICID "u8)
            && Ascii.TryReadLong(line, ref pos, out r.Icid)
            ? LineKind.StartMid
            : LineKind.Malformed;

    /// <summary><c>... DCID d MID m ...</c> for delivery lines; anything else after the DCID is not ours.</summary>
    private static LineKind ParseDcidMid(ReadOnlySpan<byte> line, int pos, DeliveryEvent what, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out long dcid))
        {
            return LineKind.Malformed;
        }

        r.Dcid = dcid;
        if (!Ascii.SkipLiteral(line, ref pos, " MID "u8))
        {
            return LineKind.NotUsed;
        }

        if (!Ascii.TryReadLong(line, ref pos, out r.Mid))
        {
            return LineKind.Malformed;
        }

        r.Delivery = what;
        r.Rids = default;
        r.StatusCode = default;
        r.Response = default;
        r.ExternalQuarantine = false;
        if (what is DeliveryEvent.Start or DeliveryEvent.Done)
        {
            // "to RID [0, 1]"; the oldest releases write "to [0]".
            if (Ascii.SkipLiteral(line, ref pos, " to "u8))
            {
                Ascii.SkipLiteral(line, ref pos, "RID "u8);
                r.Rids = RidText(line, pos);
            }

            r.ExternalQuarantine = what == DeliveryEvent.Done
                && line[pos..Ascii.TrimEnd(line, pos, line.Length)].EndsWith("(external quarantine)"u8);
            return LineKind.MidDelivery;
        }

        // "to RID r - x.y.z - text", or (AsyncOS 11 on) "From: <s> To: <t> RID r - x.y.z - text".
        int rid = line[pos..].IndexOf(" RID "u8);
        if (rid < 0)
        {
            return LineKind.MidDelivery;
        }

        pos += rid + " RID "u8.Length;
        var rids = RidText(line, pos);
        r.Rids = rids;
        pos = rids.Start + rids.Length;
        if (Ascii.SkipLiteral(line, ref pos, " - "u8))
        {
            int codeEnd = line[pos..].IndexOf(" - "u8);
            if (codeEnd < 0)
            {
                r.StatusCode = Ascii.Range(pos, Ascii.TrimEnd(line, pos, line.Length));
                return LineKind.MidDelivery;
            }

            r.StatusCode = Ascii.Range(pos, pos + codeEnd);
            int text = pos + codeEnd + " - "u8.Length;
            r.Response = Ascii.Range(text, WithoutEmptyHeaderList(line, text));
        }

        return LineKind.MidDelivery;
    }

    /// <summary>A bracketed RID list (<c>[0, 1]</c>) or one RID (<c>0</c>) at <paramref name="pos"/>; empty when neither.</summary>
    private static TextRange RidText(ReadOnlySpan<byte> line, int pos)
    {
        if (pos < line.Length && line[pos] == '[')
        {
            int close = line[pos..].IndexOf((byte)']');
            return close < 0 ? default : Ascii.Range(pos, pos + close + 1);
        }

        int end = pos;
        while (end < line.Length && Ascii.IsDigit(line[end]))
        {
            end++;
        }

        return Ascii.Range(pos, end);
    }

    /// <summary>The end of a bounce text without the logged-header list the line ends with (<c>[]</c> when none were asked for).</summary>
    private static int WithoutEmptyHeaderList(ReadOnlySpan<byte> line, int start)
    {
        int end = Ascii.TrimEnd(line, start, line.Length);
        if (end - start >= 2 && line[end - 1] == ']' && line[end - 2] == '[')
        {
            end = Ascii.TrimEnd(line, start, end - 2);
        }

        return end;
    }

    /// <summary><c>DCID d TLS success [protocol p cipher c]</c>, <c>DCID d close</c>; other DCID lines are not ours.</summary>
    private static LineKind ParseDcid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out long dcid))
        {
            return LineKind.NotUsed;
        }

        r.Dcid = dcid;
        if (!Ascii.SkipLiteral(line, ref pos, " "u8))
        {
            return LineKind.NotUsed;
        }

        if (line[pos..Ascii.TrimEnd(line, pos, line.Length)].SequenceEqual("close"u8))
        {
            return LineKind.DcidClose;
        }

        if (Ascii.SkipLiteral(line, ref pos, "TLS success"u8))
        {
            r.TlsProtocol = Ascii.SkipLiteral(line, ref pos, " protocol "u8) ? Ascii.Range(pos, Ascii.TokenEnd(line, pos)) : default;
            return LineKind.DcidTlsSuccess;
        }

        return LineKind.NotUsed;
    }

    /// <summary><c>New SMTP DCID d interface i address a [port p]</c>: the address is kept only when it is an IP.</summary>
    private static LineKind ParseNewDcid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out long dcid))
        {
            return LineKind.Malformed;
        }

        r.Dcid = dcid;
        int address = line[pos..].IndexOf(" address "u8);
        if (address < 0)
        {
            return LineKind.Malformed;
        }

        int ip = Ascii.SkipSpaces(line, pos + address + " address "u8.Length);
        int ipEnd = Ascii.TokenEnd(line, ip);
        r.DestinationIp = IsIp(line[ip..ipEnd]) ? Ascii.Range(ip, ipEnd) : default;
        return LineKind.NewDcid;
    }

    /// <summary>An IPv4 or IPv6 address (what an Elasticsearch <c>ip</c> field takes); only New SMTP DCID lines pay for it.</summary>
    private static bool IsIp(ReadOnlySpan<byte> text) =>
        text.Length is > 0 and <= 45 && System.Net.IPAddress.TryParse(text, out _);

    /// <summary><c>ISQ: Quarantined MID m</c>, <c>EUQ: Quarantined MID m</c>.</summary>
    private static LineKind ParseSpamQuarantined(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Mid))
        {
            return LineKind.Malformed;
        }

        r.Quarantine = QuarantineEvent.EnteredSpam;
        r.QuarantineName = default;
        return LineKind.MidQuarantine;
    }

    /// <summary><c>quarantined to "Q" (...)</c>: the name in quotes (or up to the next space).</summary>
    private static LineKind ParseQuarantined(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        var name = QuotedName(line, pos);
        if (name.IsEmpty)
        {
            return LineKind.Malformed;
        }

        r.Quarantine = QuarantineEvent.Entered;
        r.QuarantineName = name;
        return LineKind.MidQuarantine;
    }

    /// <summary>
    /// After <c>released </c> or <c>deleted </c>: <c>[(attachments stripped) ]from quarantine "Q" ...</c> or
    /// <c>from all quarantines</c>. Other shapes are activity.
    /// </summary>
    private static LineKind ParseQuarantineExit(ReadOnlySpan<byte> line, int pos, QuarantineEvent what, ref ParsedLine r)
    {
        Ascii.SkipLiteral(line, ref pos, "(attachments stripped) "u8);
        if (Ascii.SkipLiteral(line, ref pos, "from all quarantines"u8))
        {
            r.Quarantine = what;
            r.QuarantineName = default;
            return LineKind.MidQuarantine;
        }

        if (!Ascii.SkipLiteral(line, ref pos, "from quarantine "u8))
        {
            return LineKind.MidActivity;
        }

        var name = QuotedName(line, pos);
        if (name.IsEmpty)
        {
            return LineKind.Malformed;
        }

        r.Quarantine = what;
        r.QuarantineName = name;
        return LineKind.MidQuarantine;
    }

    private static TextRange QuotedName(ReadOnlySpan<byte> line, int pos)
    {
        if (Ascii.SkipLiteral(line, ref pos, "\""u8))
        {
            int close = line[pos..].IndexOf((byte)'"');
            return close < 0 ? default : Ascii.Range(pos, pos + close);
        }

        return Ascii.Range(pos, Ascii.TokenEnd(line, pos));
    }

    /// <summary><c>MID m RID [0, 1] Response text</c>: the text without outer quotes (old releases leave it unquoted).</summary>
    private static LineKind ParseResponse(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        var rids = RidText(line, pos);
        if (rids.IsEmpty)
        {
            return LineKind.Malformed;
        }

        pos = rids.Start + rids.Length;
        if (!Ascii.SkipLiteral(line, ref pos, " Response"u8))
        {
            return LineKind.MidActivity;
        }

        (int start, int end) = Unquote(line, pos);
        r.Rids = rids;
        r.Response = Ascii.Range(start, end);
        return LineKind.MidResponse;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static LineKind ParseMid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Mid))
        {
            return LineKind.Malformed;
        }

        if (!Ascii.SkipLiteral(line, ref pos, " "u8))
        {
            return pos < line.Length && (line[pos] == ',' || line[pos] == ':') ? LineKind.MidActivity : LineKind.Malformed;
        }

        if (pos >= line.Length)
        {
            return LineKind.MidActivity;
        }

        return line[pos] switch
        {
            (byte)'I' when Ascii.SkipLiteral(line, ref pos, "ICID "u8) => ParseMidIcid(line, pos, ref r),
            (byte)'M' when Ascii.SkipLiteral(line, ref pos, "Message-ID"u8) => ParseMessageId(line, pos, ref r),
            (byte)'S' when Ascii.SkipLiteral(line, ref pos, "Subject"u8) => ParseSubject(line, pos, ref r),
            (byte)'r' when Ascii.SkipLiteral(line, ref pos, "ready "u8) => ParseReady(line, pos, ref r),
            (byte)'r' when Ascii.SkipLiteral(line, ref pos, "rewritten to "u8) => ParseDerivedChild(line, pos, Derivation.Rewritten, ref r),
            (byte)'r' when Ascii.SkipLiteral(line, ref pos, "released "u8) => ParseQuarantineExit(line, pos, QuarantineEvent.Released, ref r),
            (byte)'d' when Ascii.SkipLiteral(line, ref pos, "deleted "u8) => ParseQuarantineExit(line, pos, QuarantineEvent.Deleted, ref r),
            (byte)'q' when Ascii.SkipLiteral(line, ref pos, "quarantined to "u8) => ParseQuarantined(line, pos, ref r),
            (byte)'R' when Ascii.SkipLiteral(line, ref pos, "RID "u8) => ParseResponse(line, pos, ref r),
            (byte)'m' when Ascii.SkipLiteral(line, ref pos, "matched all recipients for per-recipient policy "u8) => ParsePolicy(line, pos, ref r),
            (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was split creating "u8) => ParseDerivedChild(line, pos, Derivation.Split, ref r),
            (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was generated for bounce of MID "u8) => ParseDerivedParent(line, pos, Derivation.Bounce, ref r),
            (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was generated based on MID "u8) => ParseDerivedParent(line, pos, Derivation.Generated, ref r),
            (byte)'g' when Ascii.SkipLiteral(line, ref pos, "generated based on MID "u8) => ParseDerivedParent(line, pos, Derivation.Generated, ref r),
            _ => ParseVerdict(line, pos, ref r),
        };
    }

    private static LineKind ParseMidIcid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Icid))
        {
            return LineKind.Malformed;
        }

        if (Ascii.SkipLiteral(line, ref pos, " From: "u8))
        {
            r.Sender = ReadAddress(line, pos);
            return LineKind.MidFrom;
        }

        if (Ascii.SkipLiteral(line, ref pos, " To: "u8))
        {
            return ParseRejected(line, pos, ref r);
        }

        if (Ascii.SkipLiteral(line, ref pos, " invalid bounce, rcpt address "u8))
        {
            return ParseRejected(line, pos, ref r);
        }

        if (!Ascii.SkipLiteral(line, ref pos, " RID "u8))
        {
            return LineKind.MidActivity;
        }

        if (!Ascii.TryReadLong(line, ref pos, out long rid))
        {
            return LineKind.Malformed;
        }

        r.Rid = rid;
        if (!Ascii.SkipLiteral(line, ref pos, " To: "u8))
        {
            return LineKind.MidActivity;
        }

        // The null recipient <> is a used line that adds no address (contract version 2, corrections).
        r.Recipient = ReadAddress(line, pos);
        return LineKind.MidTo;
    }

    /// <summary>
    /// <c>To: &lt;addr&gt; Rejected by RAT</c> (also <c>by LDAPACCEPT</c>, <c>by Injection Control</c>) and
    /// <c>invalid bounce, rcpt address &lt;addr&gt; rejected by bounce verification.</c>: a recipient refused before it
    /// got a RID. The reason is the text after the address; a line without one is mere activity.
    /// </summary>
    private static LineKind ParseRejected(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        var address = ReadAddress(line, pos);
        int reason = address.Start + address.Length;
        Ascii.SkipLiteral(line, ref reason, ">"u8);
        reason = Ascii.SkipSpaces(line, reason);
        int end = Ascii.TrimEnd(line, reason, line.Length);
        if (end > reason && line[end - 1] == '.')
        {
            end--;
        }

        var why = line[reason..end];
        if (address.IsEmpty || (why.IndexOf("ejected"u8) < 0))
        {
            return LineKind.MidActivity;
        }

        r.Recipient = address;
        r.Response = Ascii.Range(reason, end);
        return LineKind.MidRecipientRejected;
    }

    /// <summary><c>&lt;addr&gt;</c> or a bare address; the null sender <c>&lt;&gt;</c> gives an empty range.</summary>
    private static TextRange ReadAddress(ReadOnlySpan<byte> line, int pos)
    {
        pos = Ascii.SkipSpaces(line, pos);
        if (Ascii.SkipLiteral(line, ref pos, "<"u8))
        {
            int close = line[pos..].IndexOf((byte)'>');
            return Ascii.Range(pos, close < 0 ? Ascii.TokenEnd(line, pos) : pos + close);
        }

        return Ascii.Range(pos, Ascii.TokenEnd(line, pos));
    }

    private static LineKind ParseMessageId(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        (int start, int end) = Unquote(line, pos);
        if (end - start >= 2 && line[start] == '<' && line[end - 1] == '>')
        {
            start++;
            end--;
        }

        r.MessageId = Ascii.Range(start, end);
        return LineKind.MidMessageId;
    }

    private static LineKind ParseSubject(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        Ascii.SkipLiteral(line, ref pos, ":"u8);
        (int start, int end) = Unquote(line, pos);
        r.Subject = Ascii.Range(start, end);
        return LineKind.MidSubject;
    }

    /// <summary>The value after a space, without matching outer single or double quotes (inner ones are not escaped).</summary>
    private static (int Start, int End) Unquote(ReadOnlySpan<byte> line, int pos)
    {
        int start = Ascii.SkipSpaces(line, pos);
        int end = Ascii.TrimEnd(line, start, line.Length);
        if (end - start >= 2 && (line[start] == '\'' || line[start] == '"') && line[end - 1] == line[start])
        {
            return (start + 1, end - 1);
        }

        return (start, end);
    }

    private static LineKind ParseReady(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        bool ok = Ascii.TryReadLong(line, ref pos, out long size) && Ascii.Follows(line, pos, " bytes"u8);
        r.SizeBytes = size;
        return ok ? LineKind.MidReady : LineKind.Malformed;
    }

    private static LineKind ParsePolicy(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        int end = line[pos..].IndexOf(" in the "u8);
        end = end < 0 ? Ascii.TrimEnd(line, pos, line.Length) : pos + end;
        var policy = Ascii.Range(pos, end);
        r.RecipientPolicy = policy;
        return policy.IsEmpty ? LineKind.Malformed : LineKind.MidPolicy;
    }

    /// <summary><c>MID m rewritten to [MID ]n</c>, <c>MID m was split creating [MID ]n</c>: Mid is the original.</summary>
    private static LineKind ParseDerivedChild(ReadOnlySpan<byte> line, int pos, Derivation how, ref ParsedLine r)
    {
        Ascii.SkipLiteral(line, ref pos, "MID "u8);
        if (!Ascii.TryReadLong(line, ref pos, out long derived))
        {
            return LineKind.Malformed;
        }

        r.DerivedMid = derived;
        r.Derivation = how;
        return LineKind.MidDerived;
    }

    /// <summary><c>MID n was generated based on MID m</c>: the line's MID is the derived one.</summary>
    private static LineKind ParseDerivedParent(ReadOnlySpan<byte> line, int pos, Derivation how, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out long parent))
        {
            return LineKind.Malformed;
        }

        r.DerivedMid = r.Mid;
        r.Mid = parent;
        r.Derivation = how;
        return LineKind.MidDerived;
    }

    private static LineKind ParseIcid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Icid))
        {
            return LineKind.Malformed;
        }

        if (!Ascii.SkipLiteral(line, ref pos, " "u8))
        {
            return LineKind.NotUsed;
        }

        var rest = line[pos..Ascii.TrimEnd(line, pos, line.Length)];
        if (rest.SequenceEqual("lost"u8))
        {
            return LineKind.IcidLost;
        }

        if (rest.SequenceEqual("close"u8))
        {
            return LineKind.IcidClose;
        }

        if (Ascii.SkipLiteral(line, ref pos, "TLS "u8))
        {
            return ParseIcidTls(line, pos, ref r);
        }

        if (Ascii.Follows(line, pos, "Delayed HAT REJECT"u8))
        {
            return LineKind.IcidDelayedReject;
        }

        if (Ascii.Follows(line, pos, "disconnected "u8) && rest.IndexOf("no messages injected within timeout period"u8) >= 0)
        {
            return LineKind.IcidTimedOut;
        }

        int policyEnd = Ascii.TokenEnd(line, pos);
        int group = policyEnd;
        if (!IsPolicy(line[pos..policyEnd]) || !Ascii.SkipLiteral(line, ref group, " SG "u8))
        {
            return LineKind.NotUsed;
        }

        r.ConnectionPolicy = Ascii.Range(pos, policyEnd);
        r.SenderGroup = Ascii.Range(group, Ascii.TokenEnd(line, group));
        int country = line[group..].IndexOf(" country "u8);
        country = country < 0 ? line.Length : group + country;
        if (country < line.Length)
        {
            int name = Ascii.SkipSpaces(line, country + " country "u8.Length);
            r.Country = Ascii.Range(name, Ascii.TrimEnd(line, name, line.Length));
        }

        int sbrs = FindSbrs(line, group);
        if (sbrs >= 0)
        {
            r.Sbrs = Ascii.Range(sbrs, Ascii.TrimEnd(line, sbrs, Math.Max(sbrs, country)));
        }

        return LineKind.IcidPolicy;
    }

    private static bool IsPolicy(ReadOnlySpan<byte> word) =>
        word.SequenceEqual("ACCEPT"u8) || word.SequenceEqual("RELAY"u8) || word.SequenceEqual("REJECT"u8)
        || word.SequenceEqual("TCPREFUSE"u8) || word.SequenceEqual("CONTINUE"u8);

    /// <summary>Offset of the SBRS value after <c> SBRS </c> (or the <c>SBRs</c> spelling), -1 when absent.</summary>
    private static int FindSbrs(ReadOnlySpan<byte> line, int from)
    {
        int sbrs = Ascii.AfterEitherLabel(line, from, " SBRS "u8, " SBRs "u8);
        return sbrs < 0 ? -1 : Ascii.SkipSpaces(line, sbrs);
    }

    private static LineKind ParseNewIcid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Icid) || !Ascii.SkipLiteral(line, ref pos, " interface "u8))
        {
            return LineKind.Malformed;
        }

        ReadOnlySpan<byte> addressLabel = " address "u8;
        int iface = pos;
        int addressAt = line[iface..].IndexOf(addressLabel);
        if (addressAt < 0)
        {
            return LineKind.Malformed;
        }

        // "Name (listener IP)" on current releases, the name alone on old ones.
        int ifaceEnd = iface + addressAt;
        int paren = line[iface..ifaceEnd].LastIndexOf(" ("u8);
        if (paren >= 0 && line[ifaceEnd - 1] == ')')
        {
            r.Interface = Ascii.Range(iface, iface + paren);
            r.ListenerIp = Ascii.Range(iface + paren + " ("u8.Length, ifaceEnd - ")"u8.Length);
        }
        else
        {
            r.Interface = Ascii.Range(iface, ifaceEnd);
        }

        int source = Ascii.SkipSpaces(line, ifaceEnd + addressLabel.Length);
        int sourceEnd = Ascii.TokenEnd(line, source);
        if (sourceEnd == source)
        {
            return LineKind.Malformed;
        }

        r.SourceIp = Ascii.Range(source, sourceEnd);
        pos = sourceEnd;
        if (Ascii.SkipLiteral(line, ref pos, " reverse dns host "u8))
        {
            int host = Ascii.SkipSpaces(line, pos);
            int hostEnd = Ascii.TokenEnd(line, host);
            r.ReverseDnsHost = Ascii.Range(host, hostEnd);
            r.ReverseDnsVerified = Ascii.Follows(line, hostEnd, " verified yes"u8);
        }

        return LineKind.NewIcid;
    }

    private static LineKind ParseVersion(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        ReadOnlySpan<byte> serialLabel = " SN: "u8;
        int sn = line[pos..].IndexOf(serialLabel);
        int versionEnd = sn < 0 ? Ascii.TrimEnd(line, pos, line.Length) : pos + sn;
        r.ApplianceVersion = Ascii.Range(pos, versionEnd);
        if (sn >= 0)
        {
            int serial = versionEnd + serialLabel.Length;
            r.SerialNumber = Ascii.Range(serial, Ascii.TrimEnd(line, serial, line.Length));
        }

        return LineKind.Version;
    }

    private static LineKind ParseTimeOffset(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        bool negative = Ascii.SkipLiteral(line, ref pos, "-"u8);
        if (!negative)
        {
            Ascii.SkipLiteral(line, ref pos, "+"u8);
        }

        if (!Ascii.TryReadLong(line, ref pos, out long seconds) || seconds > 14 * 3600 + 60)
        {
            return LineKind.Malformed;
        }

        r.UtcOffsetSeconds = negative ? -seconds : seconds;
        return LineKind.TimeOffset;
    }
}
