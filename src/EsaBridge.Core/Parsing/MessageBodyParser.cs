using System.Diagnostics;

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
internal static class MessageBodyParser
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
            (byte)'S' when Ascii.SkipLiteral(line, ref pos, "Start MID "u8) => ParseStartMid(line, pos, ref r),
            (byte)'N' when Ascii.SkipLiteral(line, ref pos, "New SMTP ICID "u8) => ParseNewIcid(line, pos, ref r),
            (byte)'D' when Ascii.SkipLiteral(line, ref pos, "Delivery start DCID "u8) => ParseDcidMid(line, pos, ref r),
            (byte)'D' when Ascii.SkipLiteral(line, ref pos, "Delayed: DCID "u8) => ParseDcidMid(line, pos, ref r),
            (byte)'B' when Ascii.SkipLiteral(line, ref pos, "Bounced: DCID "u8) => ParseDcidMid(line, pos, ref r),
            (byte)'B' when Ascii.Follows(line, pos, "Begin Logfile"u8) => LineKind.BeginLogfile,
            (byte)'E' when Ascii.Follows(line, pos, "End Logfile"u8) => LineKind.EndLogfile,
            (byte)'V' when Ascii.SkipLiteral(line, ref pos, "Version: "u8) => ParseVersion(line, pos, ref r),
            (byte)'T' when Ascii.SkipLiteral(line, ref pos, "Time offset from UTC: "u8) => ParseTimeOffset(line, pos, ref r),
            _ => LineKind.NotUsed,
        };
    }

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
            return ParseDcidMid(line, pos, ref r);
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
    private static LineKind ParseDcidMid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
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

        return Ascii.TryReadLong(line, ref pos, out r.Mid) ? LineKind.MidDelivery : LineKind.Malformed;
    }

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
            (byte)'m' when Ascii.SkipLiteral(line, ref pos, "matched all recipients for per-recipient policy "u8) => ParsePolicy(line, pos, ref r),
            (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was split creating "u8) => ParseDerivedChild(line, pos, Derivation.Split, ref r),
            (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was generated for bounce of MID "u8) => ParseDerivedParent(line, pos, Derivation.Bounce, ref r),
            (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was generated based on MID "u8) => ParseDerivedParent(line, pos, Derivation.Generated, ref r),
            (byte)'g' when Ascii.SkipLiteral(line, ref pos, "generated based on MID "u8) => ParseDerivedParent(line, pos, Derivation.Generated, ref r),
            _ => LineKind.MidActivity,
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

        if (Ascii.SkipLiteral(line, ref pos, "TLS success"u8))
        {
            if (Ascii.SkipLiteral(line, ref pos, " protocol "u8))
            {
                r.TlsProtocol = Ascii.Range(pos, Ascii.TokenEnd(line, pos));
            }

            return LineKind.IcidTlsSuccess;
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
        ReadOnlySpan<byte> label = " SBRS "u8;
        int i = line[from..].IndexOf(label);
        if (i < 0)
        {
            label = " SBRs "u8;
            i = line[from..].IndexOf(label);
        }

        return i < 0 ? -1 : Ascii.SkipSpaces(line, from + i + label.Length);
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
