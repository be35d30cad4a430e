namespace EsaBridge.Bench.Generation;

/// <summary>
/// The work queue's scanning lines of a received message (anti-spam, graymail, anti-virus, attachments and AMP,
/// outbreak filters, content filters, DLP), in the shapes of docs/esa-mail-log-reference.md.
/// </summary>
internal static class ContentScan
{
    private static readonly byte[][] AttachmentNames = [.. new[]
    {
        "invoice_2023-0611.pdf", "image001.png", "image002.jpg", "Quarterly review.xlsx", "agenda.docx",
        "scan0042.pdf", "logo.gif", "Test=20Attachment.docx", "=D1=82=D0=B5=D1=81=D1=82.rst", "report.zip",
    }.Select(Vocabulary.Utf8)];

    private static readonly byte[][] CustomLogTexts =
        [.. new[] { "URLs in mail", "Mail Not DKIM Signed" }.Select(Vocabulary.Utf8)];

    /// <summary>CASE (interim, final), graymail for inbound mail, and the spam quarantine's tag.</summary>
    public static void AntiSpam(Simulation simulation, long nowMs, long mid, MessageFate fate, bool outbound)
    {
        Utf8LogWriter writer = simulation.Writer;
        ReadOnlySpan<byte> verdict = fate is MessageFate.DropByCase or MessageFate.SpamQuarantine
            ? " spam positive"u8
            : " spam negative"u8;
        Begin(writer, nowMs, mid, " interim verdict using engine: CASE"u8);
        writer.Append(verdict);
        writer.EndLine();
        Begin(writer, nowMs, mid, " using engine: CASE"u8);
        writer.Append(verdict);
        writer.EndLine();
        if (fate == MessageFate.DropByCase)
        {
            return;
        }

        if (!outbound)
        {
            Begin(writer, nowMs, mid, simulation.Random.Next(100) < 12
                ? " using engine: GRAYMAIL positive"u8
                : " using engine: GRAYMAIL negative"u8);
            writer.EndLine();
        }

        if (fate == MessageFate.SpamQuarantine)
        {
            writer.BeginLine(nowMs);
            writer.Append("ISQ: Tagging MID "u8);
            writer.Append(mid);
            writer.Append(" for quarantine"u8);
            writer.EndLine();
        }
    }

    /// <summary>
    /// Anti-virus, the attachments with one AMP verdict each (or <c>SKIPPED</c>), outbreak filters; for
    /// <see cref="MessageFate.DropByAmp"/> the last attachment is malware and the scan stops there.
    /// </summary>
    public static void AntiVirusAndAmp(Simulation simulation, long nowMs, long mid, MessageFate fate)
    {
        Random random = simulation.Random;
        Utf8LogWriter writer = simulation.Writer;
        Begin(writer, nowMs, mid, " interim AV verdict using Sophos CLEAN"u8);
        writer.EndLine();
        Begin(writer, nowMs, mid, " antivirus negative"u8);
        writer.EndLine();
        int attachments = random.Next(100) switch
        {
            < 55 => 0,
            < 85 => 1,
            < 96 => 2,
            _ => 3,
        };
        if (fate == MessageFate.DropByAmp)
        {
            attachments = Math.Max(1, attachments);
        }

        for (int i = 0; i < attachments; i++)
        {
            Begin(writer, nowMs, mid, " attachment '"u8);
            writer.Append(Vocabulary.Pick(random, AttachmentNames));
            writer.Append((byte)'\'');
            writer.EndLine();
        }

        if (attachments == 0)
        {
            Begin(writer, nowMs, mid, " AMP file reputation verdict : SKIPPED (no attachment in message)"u8);
            writer.EndLine();
        }

        for (int i = 0; i < attachments; i++)
        {
            bool malware = fate == MessageFate.DropByAmp && i == attachments - 1;
            Begin(writer, nowMs, mid, malware ? " AMP file reputation verdict : MALWARE"u8
                : random.Next(100) < 85 ? " AMP file reputation verdict : CLEAN"u8
                : " AMP file reputation verdict : UNKNOWN"u8);
            writer.EndLine();
        }

        if (fate == MessageFate.DropByAmp)
        {
            return;
        }

        Begin(writer, nowMs, mid, " Outbreak Filters: verdict negative"u8);
        writer.EndLine();
    }

    /// <summary>Content filters: now and then a custom log entry; the filter drops; the outbound DLP hold.</summary>
    public static void Filters(Simulation simulation, long nowMs, long mid, MessageFate fate)
    {
        Random random = simulation.Random;
        Utf8LogWriter writer = simulation.Writer;
        if (random.Next(100) < 5)
        {
            int entries = random.Next(1, 3);
            for (int i = 0; i < entries; i++)
            {
                Begin(writer, nowMs, mid, " Custom Log Entry: "u8);
                writer.Append(CustomLogTexts[(i + entries) % CustomLogTexts.Length]);
                writer.EndLine();
            }
        }

        if (fate == MessageFate.PolicyQuarantine)
        {
            Begin(writer, nowMs, mid, " DLP violation. Severity: LOW (Risk Factor: 15). DLP policy match: 'PCI-DSS (Payment Card Industry Data Security Standard)'."u8);
            writer.EndLine();
            Begin(writer, nowMs, mid, " quarantined to \"Policy\" (DLP violation)"u8);
            writer.EndLine();
        }
    }

    /// <summary>The <c>Message aborted MID m Dropped by ...</c> line of a drop fate.</summary>
    public static void DropLine(Utf8LogWriter writer, long nowMs, long mid, MessageFate fate, bool outbound)
    {
        writer.BeginLine(nowMs);
        writer.Append("Message aborted MID "u8);
        writer.Append(mid);
        writer.Append(fate switch
        {
            MessageFate.DropByCase => " Dropped by CASE"u8,
            MessageFate.DropByAmp => " Dropped by amp"u8,
            MessageFate.DropByContentFilter => " Dropped by content filter 'block_executables' in the "u8,
            _ => " Dropped by filter 'drop_zip_c'"u8,
        });
        if (fate == MessageFate.DropByContentFilter)
        {
            writer.Append(outbound ? "outbound table"u8 : "inbound table"u8);
        }

        writer.EndLine();
    }

    /// <summary>Begins <c>MID m{text}</c>; the caller ends the line.</summary>
    private static void Begin(Utf8LogWriter writer, long nowMs, long mid, ReadOnlySpan<byte> text)
    {
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(mid);
        writer.Append(text);
    }
}
