namespace EsaBridge.Core.Parsing;

/// <summary>
/// Recognises the message text after the level: dispatch on the first byte, then fixed literals and numbers.
/// Offsets written into <see cref="ParsedLine"/> are relative to the whole line.
/// </summary>
internal static class MessageBodyParser
{
    public static LineKind Parse(ReadOnlySpan<byte> line, int body, ref ParsedLine r)
    {
        if (body >= line.Length)
        {
            return LineKind.NotUsed;
        }

        return line[body] switch
        {
            (byte)'M' => ParseM(line, body, ref r),
            (byte)'I' when Ascii.Follows(line, body, "ICID "u8) => ParseIcid(line, body + 5, ref r),
            (byte)'S' when Ascii.Follows(line, body, "Start MID "u8) => ParseStartMid(line, body + 10, ref r),
            (byte)'N' when Ascii.Follows(line, body, "New SMTP ICID "u8) => ParseNewIcid(line, body + 14, ref r),
            (byte)'D' when Ascii.Follows(line, body, "Delivery start DCID "u8) => ParseDcidMid(line, body + 20, ref r),
            (byte)'D' when Ascii.Follows(line, body, "Delayed: DCID "u8) => ParseDcidMid(line, body + 14, ref r),
            (byte)'B' when Ascii.Follows(line, body, "Bounced: DCID "u8) => ParseDcidMid(line, body + 14, ref r),
            (byte)'B' when Ascii.Follows(line, body, "Begin Logfile"u8) => LineKind.BeginLogfile,
            (byte)'E' when Ascii.Follows(line, body, "End Logfile"u8) => LineKind.EndLogfile,
            (byte)'V' when Ascii.Follows(line, body, "Version: "u8) => ParseVersion(line, body + 9, ref r),
            (byte)'T' when Ascii.Follows(line, body, "Time offset from UTC: "u8) => ParseTimeOffset(line, body + 22, ref r),
            _ => LineKind.NotUsed,
        };
    }

    private static LineKind ParseM(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (Ascii.Follows(line, pos, "MID "u8))
        {
            return ParseMid(line, pos + 4, ref r);
        }

        if (Ascii.Follows(line, pos, "Message finished MID "u8))
        {
            return ParseFinished(line, pos + 21, ref r);
        }

        if (Ascii.Follows(line, pos, "Message aborted MID "u8))
        {
            return ParseAborted(line, pos + 20, ref r);
        }

        if (Ascii.Follows(line, pos, "Message done DCID "u8))
        {
            return ParseDcidMid(line, pos + 18, ref r);
        }

        return LineKind.NotUsed;
    }

    private static LineKind ParseFinished(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Mid) || !Ascii.Follows(line, pos, " "u8))
        {
            return LineKind.Malformed;
        }

        var word = line[(pos + 1)..Ascii.TrimEnd(line, pos + 1, line.Length)];
        if (word.SequenceEqual("done"u8))
        {
            r.Flag = false;
        }
        else if (word.SequenceEqual("aborted"u8))
        {
            r.Flag = true;
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
        r.Text1 = Ascii.Range(start, Ascii.TrimEnd(line, start, line.Length));
        return LineKind.MessageAborted;
    }

    private static LineKind ParseStartMid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Mid) || !Ascii.Follows(line, pos, " ICID "u8))
        {
            return LineKind.Malformed;
        }

        pos += 6;
        return Ascii.TryReadLong(line, ref pos, out r.Icid) ? LineKind.StartMid : LineKind.Malformed;
    }

    /// <summary><c>... DCID d MID m ...</c> for delivery lines; anything else after the DCID is not ours.</summary>
    private static LineKind ParseDcidMid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Number))
        {
            return LineKind.Malformed;
        }

        if (!Ascii.Follows(line, pos, " MID "u8))
        {
            return LineKind.NotUsed;
        }

        pos += 5;
        return Ascii.TryReadLong(line, ref pos, out r.Mid) ? LineKind.MidDelivery : LineKind.Malformed;
    }

    private static LineKind ParseMid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Mid))
        {
            return LineKind.Malformed;
        }

        if (pos >= line.Length || line[pos] != ' ')
        {
            return pos < line.Length && (line[pos] == ',' || line[pos] == ':') ? LineKind.MidActivity : LineKind.Malformed;
        }

        pos++;
        if (pos >= line.Length)
        {
            return LineKind.MidActivity;
        }

        return line[pos] switch
        {
            (byte)'I' when Ascii.Follows(line, pos, "ICID "u8) => ParseMidIcid(line, pos + 5, ref r),
            (byte)'M' when Ascii.Follows(line, pos, "Message-ID"u8) => ParseMessageId(line, pos + 10, ref r),
            (byte)'S' when Ascii.Follows(line, pos, "Subject"u8) => ParseSubject(line, pos + 7, ref r),
            (byte)'r' when Ascii.Follows(line, pos, "ready "u8) => ParseReady(line, pos + 6, ref r),
            (byte)'r' when Ascii.Follows(line, pos, "rewritten to "u8) => ParseDerivedChild(line, pos + 13, Derivation.Rewritten, ref r),
            (byte)'m' when Ascii.Follows(line, pos, "matched all recipients for per-recipient policy "u8) => ParsePolicy(line, pos + 48, ref r),
            (byte)'w' when Ascii.Follows(line, pos, "was split creating "u8) => ParseDerivedChild(line, pos + 19, Derivation.Split, ref r),
            (byte)'w' when Ascii.Follows(line, pos, "was generated for bounce of MID "u8) => ParseDerivedParent(line, pos + 32, Derivation.Bounce, ref r),
            (byte)'w' when Ascii.Follows(line, pos, "was generated based on MID "u8) => ParseDerivedParent(line, pos + 27, Derivation.Generated, ref r),
            (byte)'g' when Ascii.Follows(line, pos, "generated based on MID "u8) => ParseDerivedParent(line, pos + 23, Derivation.Generated, ref r),
            _ => LineKind.MidActivity,
        };
    }

    private static LineKind ParseMidIcid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Icid))
        {
            return LineKind.Malformed;
        }

        if (Ascii.Follows(line, pos, " From: "u8))
        {
            r.Text1 = ReadAddress(line, pos + 7);
            return LineKind.MidFrom;
        }

        if (Ascii.Follows(line, pos, " RID "u8))
        {
            pos += 5;
            if (!Ascii.TryReadLong(line, ref pos, out r.Number))
            {
                return LineKind.Malformed;
            }

            if (!Ascii.Follows(line, pos, " To: "u8))
            {
                return LineKind.MidActivity;
            }

            r.Text1 = ReadAddress(line, pos + 5);
            return r.Text1.IsEmpty ? LineKind.Malformed : LineKind.MidTo;
        }

        return LineKind.MidActivity;
    }

    /// <summary><c>&lt;addr&gt;</c> or a bare address; the null sender <c>&lt;&gt;</c> gives an empty range.</summary>
    private static TextRange ReadAddress(ReadOnlySpan<byte> line, int pos)
    {
        pos = Ascii.SkipSpaces(line, pos);
        if (pos < line.Length && line[pos] == '<')
        {
            int close = line[pos..].IndexOf((byte)'>');
            int end = close < 0 ? Ascii.TokenEnd(line, pos) : pos + close;
            return Ascii.Range(pos + 1, end);
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

        r.Text1 = Ascii.Range(start, end);
        return LineKind.MidMessageId;
    }

    private static LineKind ParseSubject(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (Ascii.Follows(line, pos, ":"u8))
        {
            pos++;
        }

        (int start, int end) = Unquote(line, pos);
        r.Text1 = Ascii.Range(start, end);
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

    private static LineKind ParseReady(ReadOnlySpan<byte> line, int pos, ref ParsedLine r) =>
        Ascii.TryReadLong(line, ref pos, out r.Number) && Ascii.Follows(line, pos, " bytes"u8)
            ? LineKind.MidReady
            : LineKind.Malformed;

    private static LineKind ParsePolicy(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        int end = line[pos..].IndexOf(" in the "u8);
        end = end < 0 ? Ascii.TrimEnd(line, pos, line.Length) : pos + end;
        r.Text1 = Ascii.Range(pos, end);
        return r.Text1.IsEmpty ? LineKind.Malformed : LineKind.MidPolicy;
    }

    /// <summary><c>MID m rewritten to [MID ]n</c>, <c>MID m was split creating [MID ]n</c>: Mid is the original.</summary>
    private static LineKind ParseDerivedChild(ReadOnlySpan<byte> line, int pos, Derivation how, ref ParsedLine r)
    {
        if (Ascii.Follows(line, pos, "MID "u8))
        {
            pos += 4;
        }

        if (!Ascii.TryReadLong(line, ref pos, out r.Number))
        {
            return LineKind.Malformed;
        }

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

        r.Number = r.Mid;
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

        if (!Ascii.Follows(line, pos, " "u8))
        {
            return LineKind.NotUsed;
        }

        pos++;
        var rest = line[pos..Ascii.TrimEnd(line, pos, line.Length)];
        if (rest.SequenceEqual("lost"u8))
        {
            return LineKind.IcidLost;
        }

        if (rest.SequenceEqual("close"u8))
        {
            return LineKind.IcidClose;
        }

        if (rest.StartsWith("TLS success"u8))
        {
            pos += 11;
            if (Ascii.Follows(line, pos, " protocol "u8))
            {
                pos += 10;
                r.Text1 = Ascii.Range(pos, Ascii.TokenEnd(line, pos));
            }

            return LineKind.IcidTlsSuccess;
        }

        int policyEnd = Ascii.TokenEnd(line, pos);
        if (!IsPolicy(line[pos..policyEnd]) || !Ascii.Follows(line, policyEnd, " SG "u8))
        {
            return LineKind.NotUsed;
        }

        r.Text1 = Ascii.Range(pos, policyEnd);
        int group = policyEnd + 4;
        r.Text2 = Ascii.Range(group, Ascii.TokenEnd(line, group));
        int sbrs = FindSbrs(line, group);
        if (sbrs >= 0)
        {
            int end = line[sbrs..].IndexOf(" country "u8);
            end = end < 0 ? line.Length : sbrs + end;
            r.Text3 = Ascii.Range(sbrs, Ascii.TrimEnd(line, sbrs, end));
        }

        return LineKind.IcidPolicy;
    }

    private static bool IsPolicy(ReadOnlySpan<byte> word) =>
        word.SequenceEqual("ACCEPT"u8) || word.SequenceEqual("RELAY"u8) || word.SequenceEqual("REJECT"u8)
        || word.SequenceEqual("TCPREFUSE"u8) || word.SequenceEqual("CONTINUE"u8);

    /// <summary>Offset of the SBRS value after <c> SBRS </c> (or the <c>SBRs</c> spelling), -1 when absent.</summary>
    private static int FindSbrs(ReadOnlySpan<byte> line, int from)
    {
        int i = line[from..].IndexOf(" SBRS "u8);
        if (i < 0)
        {
            i = line[from..].IndexOf(" SBRs "u8);
        }

        return i < 0 ? -1 : Ascii.SkipSpaces(line, from + i + 6);
    }

    private static LineKind ParseNewIcid(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.TryReadLong(line, ref pos, out r.Icid) || !Ascii.Follows(line, pos, " interface "u8))
        {
            return LineKind.Malformed;
        }

        int iface = pos + 11;
        int addressAt = line[iface..].IndexOf(" address "u8);
        if (addressAt < 0)
        {
            return LineKind.Malformed;
        }

        int ifaceEnd = iface + addressAt;
        int paren = line[iface..ifaceEnd].LastIndexOf(" ("u8);
        if (paren >= 0 && line[ifaceEnd - 1] == ')')
        {
            r.Text1 = Ascii.Range(iface, iface + paren);
            r.Text2 = Ascii.Range(iface + paren + 2, ifaceEnd - 1);
        }
        else
        {
            r.Text1 = Ascii.Range(iface, ifaceEnd);
        }

        int source = Ascii.SkipSpaces(line, ifaceEnd + 9);
        int sourceEnd = Ascii.TokenEnd(line, source);
        if (sourceEnd == source)
        {
            return LineKind.Malformed;
        }

        r.Text3 = Ascii.Range(source, sourceEnd);
        pos = sourceEnd;
        if (Ascii.Follows(line, pos, " reverse dns host "u8))
        {
            int host = Ascii.SkipSpaces(line, pos + 18);
            int hostEnd = Ascii.TokenEnd(line, host);
            r.Text4 = Ascii.Range(host, hostEnd);
            r.Flag = Ascii.Follows(line, hostEnd, " verified yes"u8);
        }

        return LineKind.NewIcid;
    }

    private static LineKind ParseVersion(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        int sn = line[pos..].IndexOf(" SN: "u8);
        int versionEnd = sn < 0 ? Ascii.TrimEnd(line, pos, line.Length) : pos + sn;
        r.Text1 = Ascii.Range(pos, versionEnd);
        if (sn >= 0)
        {
            int serial = versionEnd + 5;
            r.Text2 = Ascii.Range(serial, Ascii.TrimEnd(line, serial, line.Length));
        }

        return LineKind.Version;
    }

    private static LineKind ParseTimeOffset(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        bool negative = Ascii.Follows(line, pos, "-"u8);
        if (negative || Ascii.Follows(line, pos, "+"u8))
        {
            pos++;
        }

        if (!Ascii.TryReadLong(line, ref pos, out long seconds) || seconds > 14 * 3600 + 60)
        {
            return LineKind.Malformed;
        }

        r.Number = negative ? -seconds : seconds;
        return LineKind.TimeOffset;
    }
}
