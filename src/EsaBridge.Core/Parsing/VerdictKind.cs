namespace EsaBridge.Core.Parsing;

/// <summary>
/// Which scan verdict or filter action a <see cref="LineKind.MidVerdict"/> line carries, and so what its
/// <see cref="ParsedLine.VerdictValue"/> and <see cref="ParsedLine.VerdictDetail"/> hold.
/// </summary>
public enum VerdictKind : byte
{
    None,

    /// <summary><c>using engine: ENGINE spam verdict</c>: value the verdict, detail the engine.</summary>
    Spam,

    /// <summary><c>interim verdict using engine: ENGINE spam verdict</c>: as <see cref="Spam"/>.</summary>
    SpamInterim,

    /// <summary><c>using engine: GRAYMAIL verdict</c>: value the verdict.</summary>
    Graymail,

    /// <summary><c>antivirus verdict ['threat']</c>: value the verdict, detail the threat.</summary>
    Antivirus,

    /// <summary><c>AMP file reputation verdict : VERDICT</c>: value the verdict.</summary>
    Amp,

    /// <summary><c>Outbreak Filters: verdict v</c>: value the verdict, detail the threat category when logged.</summary>
    Outbreak,

    /// <summary><c>DLP violation. ... DLP policy match: 'policy'.</c> or <c>DLP no violation</c>: value <c>violation</c> or <c>none</c>, detail the policy.</summary>
    Dlp,

    /// <summary><c>SPF: helo identity addr Result</c>: value the result.</summary>
    SpfHelo,

    /// <summary><c>SPF: mailfrom identity addr Result</c>: value the result.</summary>
    SpfMailFrom,

    /// <summary><c>SPF: pra identity addr Result</c>: value the result.</summary>
    SpfPra,

    /// <summary><c>DKIM: result ... (d=domain ...)</c>: value the result, detail the domain.</summary>
    Dkim,

    /// <summary><c>DMARC: Verification passed</c>, <c>DMARC: Message from domain d, DMARC pass (...)</c>: value the result, detail the policy when logged.</summary>
    Dmarc,

    /// <summary><c>SDR: Consolidated Sender Threat Level: v, ...</c>: value the level.</summary>
    SdrThreatLevel,

    /// <summary><c>was dropped|bounced by [content ]filter 'name'</c>: value the filter's name.</summary>
    Filter,

    /// <summary><c>Custom Log Entry: text</c>: value the text.</summary>
    CustomLog,

    /// <summary><c>attachment 'name'</c>: value the file name.</summary>
    Attachment,
}
