namespace EsaBridge.Bench.Generation;

/// <summary>Writes <c>MID m Message-ID '&lt;...&gt;'</c> with one of the Message-ID styles common mailers use.</summary>
internal static class MessageIdWriter
{
    public static void WriteLine(Simulation simulation, long nowMs, long mid, ReadOnlySpan<byte> domain)
    {
        Utf8LogWriter writer = simulation.Writer;
        Random random = simulation.Random;
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(mid);
        writer.Append(" Message-ID '<"u8);
        switch (random.Next(3))
        {
            case 0:
                writer.AppendHex((ulong)random.NextInt64(), 16);
                break;
            case 1:
                writer.AppendHex((ulong)random.NextInt64(), 8);
                writer.Append((byte)'-');
                writer.AppendHex((ulong)random.Next(), 4);
                writer.Append((byte)'-');
                writer.AppendHex((ulong)random.Next(), 4);
                writer.Append((byte)'-');
                writer.AppendHex((ulong)random.Next(), 4);
                writer.Append((byte)'-');
                writer.AppendHex((ulong)random.NextInt64(), 12);
                break;
            default:
                writer.Append(1_685_000_000 + (nowMs / 1000));
                writer.Append((byte)'.');
                writer.Append(random.Next(10_000, 99_999));
                writer.Append(".JavaMail.svc"u8);
                break;
        }

        writer.Append((byte)'@');
        writer.Append(domain);
        writer.Append(">'"u8);
        writer.EndLine();
    }
}
