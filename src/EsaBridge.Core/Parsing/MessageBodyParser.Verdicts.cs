namespace EsaBridge.Core.Parsing;

/// <summary>
/// The scan verdict and filter action lines of a MID (<see cref="LineKind.MidVerdict"/>) and the connection's TLS
/// lines. Same rules as the rest of the parser: first byte, then literals; values are offsets into the line, kept as
/// logged (the sessionizer lowercases verdict words). A recognised line cut before its value is
/// <see cref="LineKind.Malformed"/>; a line of the same family that says something else (an outbound DKIM signing
/// line, the SPF verdict cache) is only activity.
/// </summary>
internal static partial class MessageBodyParser
{
    /// <summary>What follows <c>MID m </c> when no other MID shape matched.</summary>
    private static LineKind ParseVerdict(ReadOnlySpan<byte> line, int pos, ref ParsedLine r) => line[pos] switch
    {
        (byte)'u' when Ascii.SkipLiteral(line, ref pos, "using engine: "u8) => ParseEngine(line, pos, VerdictKind.Spam, ref r),
        (byte)'i' when Ascii.SkipLiteral(line, ref pos, "interim verdict using engine: "u8) => ParseEngine(line, pos, VerdictKind.SpamInterim, ref r),
        (byte)'a' when Ascii.SkipLiteral(line, ref pos, "antivirus "u8) => ParseAntivirus(line, pos, ref r),
        (byte)'a' when Ascii.SkipLiteral(line, ref pos, "attachment "u8) => ParseAttachment(line, pos, ref r),
        (byte)'A' when Ascii.SkipLiteral(line, ref pos, "AMP file reputation verdict"u8) => ParseAmp(line, pos, ref r),
        (byte)'O' when Ascii.SkipLiteral(line, ref pos, "Outbreak Filters: verdict "u8) => ParseOutbreak(line, pos, ref r),
        (byte)'D' when Ascii.SkipLiteral(line, ref pos, "DLP "u8) => ParseDlp(line, pos, ref r),
        (byte)'D' when Ascii.SkipLiteral(line, ref pos, "DKIM: "u8) => ParseDkim(line, pos, ref r),
        (byte)'D' when Ascii.SkipLiteral(line, ref pos, "DMARC: "u8) => ParseDmarc(line, pos, ref r),
        (byte)'S' when Ascii.SkipLiteral(line, ref pos, "SPF: "u8) => ParseSpf(line, pos, ref r),
        (byte)'S' when Ascii.SkipLiteral(line, ref pos, "SDR: Consolidated Sender "u8) => ParseSdr(line, pos, ref r),
        (byte)'C' when Ascii.SkipLiteral(line, ref pos, "Custom Log Entry:"u8) => ParseCustomLog(line, pos, ref r),
        (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was dropped by "u8) => ParseFilterAction(line, pos, ref r),
        (byte)'w' when Ascii.SkipLiteral(line, ref pos, "was bounced by "u8) => ParseFilterAction(line, pos, ref r),
        _ => LineKind.MidActivity,
    };

    /// <summary>
    /// The name in <c>filter 'name'</c> (<c>Dropped by filter 'x'</c>, <c>by content filter 'x' in the inbound
    /// table</c>), the closing quote optional (cut lines); empty when the text names no filter.
    /// </summary>
    public static TextRange FilterName(ReadOnlySpan<byte> text, int from)
    {
        int at = text[from..].IndexOf("filter '"u8);
        if (at < 0)
        {
            return default;
        }

        int start = from + at + "filter '"u8.Length;
        int close = text[start..].IndexOf((byte)'\'');
        int end = close < 0 ? Ascii.TrimEnd(text, start, text.Length) : start + close;
        return Ascii.Range(start, end);
    }

    /// <summary><c>ENGINE spam verdict</c> (the engine may hold spaces) or <c>GRAYMAIL verdict</c>; anything else is another engine's note.</summary>
    private static LineKind ParseEngine(ReadOnlySpan<byte> line, int pos, VerdictKind spam, ref ParsedLine r)
    {
        if (spam == VerdictKind.Spam && Ascii.SkipLiteral(line, ref pos, "GRAYMAIL "u8))
        {
            return Verdict(VerdictKind.Graymail, FirstWord(line, pos), default, ref r);
        }

        int at = line[pos..].IndexOf(" spam "u8);
        if (at <= 0)
        {
            return LineKind.MidActivity;
        }

        var engine = Ascii.Range(pos, pos + at);
        return Verdict(spam, FirstWord(line, pos + at + " spam "u8.Length), engine, ref r);
    }

    /// <summary><c>negative</c>, <c>positive 'W32/Sober-P' (released from Outbreak)</c>, <c>repaired 'W32/Zafi-D</c> (cut).</summary>
    private static LineKind ParseAntivirus(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        int quote = line[pos..].IndexOfAny((byte)'\'', (byte)'(');
        int end = quote < 0 ? line.Length : pos + quote;
        var verdict = Ascii.Range(pos, Ascii.TrimEnd(line, pos, end));
        TextRange threat = default;
        if (quote >= 0 && line[end] == '\'')
        {
            int close = line[(end + 1)..].IndexOf((byte)'\'');
            threat = Ascii.Range(end + 1, close < 0 ? Ascii.TrimEnd(line, end + 1, line.Length) : end + 1 + close);
        }

        return Verdict(VerdictKind.Antivirus, verdict, threat, ref r);
    }

    /// <summary><c> : CLEAN</c>, <c> : SKIPPED (no attachment in message)</c>: the words before any parenthesis.</summary>
    private static LineKind ParseAmp(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        pos = Ascii.SkipSpaces(line, pos);
        if (!Ascii.SkipLiteral(line, ref pos, ":"u8))
        {
            return LineKind.Malformed;
        }

        pos = Ascii.SkipSpaces(line, pos);
        int paren = line[pos..].IndexOf((byte)'(');
        int end = paren < 0 ? line.Length : pos + paren;
        return Verdict(VerdictKind.Amp, Ascii.Range(pos, Ascii.TrimEnd(line, pos, end)), default, ref r);
    }

    /// <summary><c>negative</c>, <c>positive</c>; a threat category after <c>Category: </c> when the line has one.</summary>
    private static LineKind ParseOutbreak(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        var verdict = FirstWord(line, pos);
        TextRange category = default;
        int at = line[pos..].IndexOf("Category: "u8);
        if (at >= 0)
        {
            int start = pos + at + "Category: "u8.Length;
            int comma = line[start..].IndexOf((byte)',');
            category = Ascii.Range(start, Ascii.TrimEnd(line, start, comma < 0 ? line.Length : start + comma));
        }

        return Verdict(VerdictKind.Outbreak, verdict, category, ref r);
    }

    /// <summary><c>violation. Severity: LOW (Risk Factor: 15). DLP policy match: 'name'.</c> or <c>no violation</c>.</summary>
    private static LineKind ParseDlp(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (Ascii.Follows(line, pos, "no violation"u8))
        {
            return Verdict(VerdictKind.Dlp, Ascii.Range(pos, pos + "no violation"u8.Length), default, ref r);
        }

        if (!Ascii.Follows(line, pos, "violation"u8))
        {
            return LineKind.MidActivity;
        }

        var violation = Ascii.Range(pos, pos + "violation"u8.Length);
        TextRange policy = default;
        int at = line[pos..].IndexOf("policy match: '"u8);
        if (at >= 0)
        {
            int start = pos + at + "policy match: '"u8.Length;
            int close = line[start..].LastIndexOf((byte)'\'');
            policy = Ascii.Range(start, close < 0 ? Ascii.TrimEnd(line, start, line.Length) : start + close);
        }

        r.VerdictValue = violation;
        r.VerdictDetail = policy;
        r.Verdict = VerdictKind.Dlp;
        return LineKind.MidVerdict;
    }

    /// <summary><c>helo|mailfrom|pra identity addr Result [(...)]</c>.</summary>
    private static LineKind ParseSpf(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        VerdictKind kind;
        if (Ascii.SkipLiteral(line, ref pos, "mailfrom identity "u8))
        {
            kind = VerdictKind.SpfMailFrom;
        }
        else if (Ascii.SkipLiteral(line, ref pos, "helo identity "u8))
        {
            kind = VerdictKind.SpfHelo;
        }
        else if (Ascii.SkipLiteral(line, ref pos, "pra identity "u8))
        {
            kind = VerdictKind.SpfPra;
        }
        else
        {
            return LineKind.MidActivity;
        }

        int address = Ascii.SkipSpaces(line, pos);
        int result = Ascii.SkipSpaces(line, Ascii.TokenEnd(line, address));
        return Verdict(kind, FirstWord(line, result), default, ref r);
    }

    /// <summary><c>pass signature verified (d=x s=y i=z)</c>, <c>permfail body hash did not verify [final] (d=x ...)</c>; not <c>cannot sign</c>.</summary>
    private static LineKind ParseDkim(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        var result = FirstWord(line, pos);
        if (!IsDkimResult(result.Of(line)))
        {
            return result.IsEmpty ? LineKind.Malformed : LineKind.MidActivity;
        }

        TextRange domain = default;
        int at = line[pos..].IndexOf("d="u8);
        if (at > 0 && (line[pos + at - 1] == '(' || line[pos + at - 1] == ' '))
        {
            int start = pos + at + "d="u8.Length;
            int end = line[start..].IndexOfAny((byte)' ', (byte)')', (byte)';');
            domain = Ascii.Range(start, end < 0 ? Ascii.TrimEnd(line, start, line.Length) : start + end);
        }

        r.VerdictValue = result;
        r.VerdictDetail = domain;
        r.Verdict = VerdictKind.Dkim;
        return LineKind.MidVerdict;
    }

    private static bool IsDkimResult(ReadOnlySpan<byte> word) =>
        word.SequenceEqual("pass"u8) || word.SequenceEqual("permfail"u8) || word.SequenceEqual("tempfail"u8)
        || word.SequenceEqual("fail"u8) || word.SequenceEqual("hardfail"u8) || word.SequenceEqual("neutral"u8)
        || word.SequenceEqual("none"u8) || word.SequenceEqual("temperror"u8) || word.SequenceEqual("permerror"u8)
        || word.SequenceEqual("policy"u8) || word.SequenceEqual("malformed"u8);

    /// <summary>
    /// <c>Verification passed|failed|skipped ...</c> or <c>Message from domain d, DMARC pass (...)</c>; the domain's
    /// policy from <c>policy &lt;word&gt;</c> or <c>p=&lt;word&gt;</c> when the line has one.
    /// </summary>
    private static LineKind ParseDmarc(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        TextRange result;
        if (Ascii.SkipLiteral(line, ref pos, "Verification "u8))
        {
            result = FirstWord(line, pos);
        }
        else if (Ascii.SkipLiteral(line, ref pos, "Message from domain "u8))
        {
            int at = line[pos..].IndexOf(", DMARC "u8);
            if (at < 0)
            {
                return LineKind.MidActivity;
            }

            result = FirstWord(line, pos + at + ", DMARC "u8.Length);
        }
        else
        {
            return LineKind.MidActivity;
        }

        r.VerdictValue = result;
        r.VerdictDetail = DmarcPolicy(line, pos);
        r.Verdict = VerdictKind.Dmarc;
        return result.IsEmpty ? LineKind.Malformed : LineKind.MidVerdict;
    }

    private static TextRange DmarcPolicy(ReadOnlySpan<byte> line, int pos)
    {
        int policy = Ascii.AfterEitherLabel(line, pos, "policy "u8, "p="u8);
        return policy < 0 ? default : FirstWord(line, policy);
    }

    /// <summary><c>Threat Level: Neutral, Threat Category: ...</c> (the older <c>Reputation: Tainted, ...</c> alike).</summary>
    private static LineKind ParseSdr(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (!Ascii.SkipLiteral(line, ref pos, "Threat Level:"u8) && !Ascii.SkipLiteral(line, ref pos, "Reputation:"u8))
        {
            return LineKind.MidActivity;
        }

        pos = Ascii.SkipSpaces(line, pos);
        int comma = line[pos..].IndexOf((byte)',');
        return Verdict(VerdictKind.SdrThreatLevel, Ascii.Range(pos, Ascii.TrimEnd(line, pos, comma < 0 ? line.Length : pos + comma)), default, ref r);
    }

    private static LineKind ParseCustomLog(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        int start = Ascii.SkipSpaces(line, pos);
        return Verdict(VerdictKind.CustomLog, Ascii.Range(start, Ascii.TrimEnd(line, start, line.Length)), default, ref r);
    }

    /// <summary><c>'name'</c> or <c>"name"</c>, the closing quote optional (cut lines); <c>attachment types ...</c> is no file name.</summary>
    private static LineKind ParseAttachment(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (pos >= line.Length || (line[pos] != '\'' && line[pos] != '"'))
        {
            return LineKind.MidActivity;
        }

        byte quote = line[pos];
        int start = pos + 1;
        int end = Ascii.TrimEnd(line, start, line.Length);
        if (end > start && line[end - 1] == quote)
        {
            end--;
        }

        return Verdict(VerdictKind.Attachment, Ascii.Range(start, end), default, ref r);
    }

    /// <summary><c>was dropped|bounced by content filter 'name' in the inbound table</c>.</summary>
    private static LineKind ParseFilterAction(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        var name = FilterName(line, pos);
        return name.IsEmpty ? LineKind.MidActivity : Verdict(VerdictKind.Filter, name, default, ref r);
    }

    /// <summary>After <c>ICID i TLS </c>: <c>success [protocol p [cipher c]]</c> or <c>failed[: reason]</c>.</summary>
    private static LineKind ParseIcidTls(ReadOnlySpan<byte> line, int pos, ref ParsedLine r)
    {
        if (Ascii.SkipLiteral(line, ref pos, "success"u8))
        {
            if (Ascii.SkipLiteral(line, ref pos, " protocol "u8))
            {
                int end = Ascii.TokenEnd(line, pos);
                r.TlsProtocol = Ascii.Range(pos, end);
                pos = end;
            }

            if (Ascii.SkipLiteral(line, ref pos, " cipher "u8))
            {
                r.TlsCipher = Ascii.Range(pos, Ascii.TokenEnd(line, pos));
            }

            return LineKind.IcidTlsSuccess;
        }

        if (!Ascii.SkipLiteral(line, ref pos, "failed"u8))
        {
            return LineKind.NotUsed;
        }

        if (Ascii.SkipLiteral(line, ref pos, ":"u8))
        {
            int start = Ascii.SkipSpaces(line, pos);
            r.TlsFailure = Ascii.Range(start, Ascii.TrimEnd(line, start, line.Length));
        }

        return LineKind.IcidTlsFailure;
    }

    private static LineKind Verdict(VerdictKind kind, TextRange value, TextRange detail, ref ParsedLine r)
    {
        r.VerdictValue = value;
        r.VerdictDetail = detail;
        r.Verdict = kind;
        return value.IsEmpty ? LineKind.Malformed : LineKind.MidVerdict;
    }

    /// <summary>The token at <paramref name="pos"/> up to a space, comma or parenthesis.</summary>
    private static TextRange FirstWord(ReadOnlySpan<byte> line, int pos)
    {
        pos = Math.Min(pos, line.Length);
        int end = line[pos..].IndexOfAny((byte)' ', (byte)',', (byte)'(');
        end = end < 0 ? Ascii.TrimEnd(line, pos, line.Length) : pos + end;
        return Ascii.Range(pos, Math.Max(pos, Ascii.TrimEnd(line, pos, end)));
    }
}
