namespace EsaBridge.Bench.Generation;

/// <summary>
/// The sender authentication lines of an inbound message, in the shapes of docs/esa-mail-log-reference.md:
/// SPF once the recipients are known, SDR before <c>ready</c>, DKIM and DMARC once the body is in.
/// </summary>
internal static class AuthenticationLines
{
    private static readonly byte[][] SpfResults =
        [.. new[] { "Pass", "None", "SoftFail", "Neutral", "Fail", "TempError", "PermError" }.Select(Vocabulary.Utf8)];

    private static readonly int[] SpfWeights = [80, 8, 5, 3, 2, 1, 1];

    private static readonly byte[][] DkimSelectors =
        [.. new[] { "selector1", "s1024", "srsa2048", "google", "k1", "dkim2023" }.Select(Vocabulary.Utf8)];

    /// <summary>Writes the SPF lines; returns whether the mailfrom identity passed.</summary>
    public static bool Spf(Simulation simulation, long nowMs, long mid, MailAddress sender, byte[] domain)
    {
        Random random = simulation.Random;
        Utf8LogWriter writer = simulation.Writer;
        if (random.Next(10) < 6)
        {
            Begin(writer, nowMs, mid, " SPF: helo identity postmaster@mail."u8);
            writer.Append(domain);
            writer.Append((byte)' ');
            writer.Append(PickResult(random, out _));
            writer.EndLine();
        }

        if (sender.Local is null || random.Next(20) == 0)
        {
            return false;
        }

        Begin(writer, nowMs, mid, " SPF: mailfrom identity "u8);
        sender.WriteBareTo(writer);
        writer.Append((byte)' ');
        writer.Append(PickResult(random, out bool pass));
        if (pass && random.Next(2) == 0)
        {
            writer.Append(" (v=spf1)"u8);
        }

        writer.EndLine();
        if (random.Next(20) == 0)
        {
            Begin(writer, nowMs, mid, " SPF: pra identity "u8);
            sender.WriteBareTo(writer);
            writer.Append((byte)' ');
            writer.Append(PickResult(random, out _));
            writer.EndLine();
        }

        return pass;
    }

    /// <summary>The two SDR lines as AsyncOS 13-15 writes them.</summary>
    public static void Sdr(Utf8LogWriter writer, long nowMs, long mid, byte[] domain)
    {
        Begin(writer, nowMs, mid, " SDR: Domains for which SDR is requested: reverse DNS host: mail."u8);
        writer.Append(domain);
        writer.Append(", helo: mail."u8);
        writer.Append(domain);
        writer.Append(", env-from: "u8);
        writer.Append(domain);
        writer.Append(", header-from: "u8);
        writer.Append(domain);
        writer.Append(", reply-to: Not Present"u8);
        writer.EndLine();
        Begin(writer, nowMs, mid, " SDR: Consolidated Sender Threat Level: Neutral, Threat Category: N/A, Suspected Domain(s) : N/A (other reasons for verdict). Sender Maturity: 30 days (or greater) for domain: mail."u8);
        writer.Append(domain);
        writer.EndLine();
    }

    /// <summary>DKIM verification (most senders sign) and, for most, the two DMARC lines.</summary>
    public static void DkimAndDmarc(Simulation simulation, long nowMs, long mid, byte[] domain, bool spfPassed)
    {
        Random random = simulation.Random;
        Utf8LogWriter writer = simulation.Writer;
        bool dkimPassed = false;
        if (random.Next(100) < 65)
        {
            int roll = random.Next(100);
            dkimPassed = roll < 92;
            Begin(writer, nowMs, mid, roll switch
            {
                < 92 => " DKIM: pass signature verified (d="u8,
                < 97 => " DKIM: permfail body hash did not verify [final] (d="u8,
                _ => " DKIM: permfail no key for signature (d="u8,
            });
            writer.Append(domain);
            writer.Append(" s="u8);
            writer.Append(Vocabulary.Pick(random, DkimSelectors));
            writer.Append(" i=@"u8);
            writer.Append(domain);
            writer.Append((byte)')');
            writer.EndLine();
        }

        if (random.Next(100) >= 50)
        {
            return;
        }

        bool pass = spfPassed || dkimPassed;
        Begin(writer, nowMs, mid, " DMARC: Message from domain "u8);
        writer.Append(domain);
        writer.Append(pass ? ", DMARC pass (SPF aligned "u8 : ", DMARC fail (SPF aligned "u8);
        writer.Append(spfPassed ? "True, DKIM aligned "u8 : "False, DKIM aligned "u8);
        writer.Append(dkimPassed ? "True)"u8 : "False)"u8);
        writer.EndLine();
        Begin(writer, nowMs, mid, pass ? " DMARC: Verification passed"u8 : " DMARC: Verification failed"u8);
        writer.EndLine();
    }

    private static byte[] PickResult(Random random, out bool pass)
    {
        int roll = random.Next(100);
        for (int i = 0; i < SpfWeights.Length; i++)
        {
            if ((roll -= SpfWeights[i]) < 0)
            {
                pass = i == 0;
                return SpfResults[i];
            }
        }

        pass = true;
        return SpfResults[0];
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
