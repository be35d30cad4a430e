namespace EsaBridge.Bench.Generation;

/// <summary>
/// A message after reception: policy match and scanning in the work queue (or a content drop), then one delivery
/// connection (DCID) that delivers or hard-bounces it, <c>Message finished</c>, and the DCID's close.
/// </summary>
internal sealed class MessageActor : SimActor
{
    private readonly long _mid;
    private readonly Envelope _envelope;
    private readonly bool _drop;
    private readonly bool _generated;
    private Phase _phase;
    private long _dcid;

    private MessageActor(long mid, Envelope envelope, bool drop, bool generated, Phase phase)
    {
        _mid = mid;
        _envelope = envelope;
        _drop = drop;
        _generated = generated;
        _phase = phase;
    }

    private enum Phase
    {
        Scan,
        AntiVirus,
        Deliver,
        Result,
        CloseDcid,
    }

    /// <summary>A message just received on a connection; <paramref name="drop"/> makes CASE drop it.</summary>
    public static MessageActor Received(long mid, Envelope envelope, bool drop) =>
        new(mid, envelope, drop, generated: false, Phase.Scan);

    /// <summary>A message the appliance made itself (ICID 0): it goes straight to delivery.</summary>
    public static MessageActor Generated(long mid, Envelope envelope) =>
        new(mid, envelope, drop: false, generated: true, Phase.Deliver);

    public override long Step(Simulation simulation, long nowMs)
    {
        switch (_phase)
        {
            case Phase.Scan:
                return Scan(simulation, nowMs);
            case Phase.AntiVirus:
                AntiVirus(simulation, nowMs);
                return nowMs + simulation.Delay(0, 1_500);
            case Phase.Deliver:
                Deliver(simulation, nowMs);
                return nowMs + simulation.Delay(100, 2_500);
            case Phase.Result:
                Result(simulation, nowMs);
                return nowMs + simulation.Delay(300, 8_000);
            default:
                Utf8LogWriter writer = simulation.Writer;
                writer.BeginLine(nowMs);
                writer.Append("DCID "u8);
                writer.Append(_dcid);
                writer.Append(" close"u8);
                writer.EndLine();
                return Done;
        }
    }

    private long Scan(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        MidLine(writer, nowMs, " matched all recipients for per-recipient policy "u8);
        writer.Append(Vocabulary.Pick(simulation.Random, simulation.Vocabulary.Policies));
        writer.Append(_envelope.Outbound ? " in the outbound table"u8 : " in the inbound table"u8);
        writer.EndLine();
        ReadOnlySpan<byte> verdict = _drop ? " spam positive"u8 : " spam negative"u8;
        MidLine(writer, nowMs, " interim verdict using engine: CASE"u8);
        writer.Append(verdict);
        writer.EndLine();
        MidLine(writer, nowMs, " using engine: CASE"u8);
        writer.Append(verdict);
        writer.EndLine();
        if (!_drop)
        {
            _phase = Phase.AntiVirus;
            return nowMs + simulation.Delay(20, 1_200);
        }

        writer.BeginLine(nowMs);
        writer.Append("Message aborted MID "u8);
        writer.Append(_mid);
        writer.Append(" Dropped by CASE"u8);
        writer.EndLine();
        Finished(simulation, nowMs);
        simulation.Ids.DroppedMessages++;
        return Done;
    }

    private void AntiVirus(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        MidLine(writer, nowMs, " interim AV verdict using Sophos CLEAN"u8);
        writer.EndLine();
        MidLine(writer, nowMs, " antivirus negative"u8);
        writer.EndLine();
        MidLine(writer, nowMs, simulation.Random.Next(3) == 0
            ? " AMP file reputation verdict : CLEAN"u8
            : " AMP file reputation verdict : SKIPPED (no attachment in message)"u8);
        writer.EndLine();
        MidLine(writer, nowMs, " Outbreak Filters: verdict negative"u8);
        writer.EndLine();
        if (!_envelope.Outbound && simulation.Random.NextDouble() < simulation.Options.BccRate)
        {
            simulation.Schedule(GeneratedMessageActor.BccCopy(_mid, _envelope), nowMs);
        }

        MidLine(writer, nowMs, " queued for delivery"u8);
        writer.EndLine();
        _phase = Phase.Deliver;
    }

    private void Deliver(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        Random random = simulation.Random;
        _dcid = simulation.Ids.NextDcid();
        writer.BeginLine(nowMs);
        writer.Append("New SMTP DCID "u8);
        writer.Append(_dcid);
        writer.Append(" interface 10.0.0.5 address "u8);
        if (_envelope.Outbound)
        {
            writer.AppendIp((uint)random.Next(0x17000000, 0x7F000000));
        }
        else
        {
            writer.Append("10.10.4."u8);
            writer.Append(random.Next(25, 29));
        }

        writer.Append(" port 25"u8);
        writer.EndLine();
        if (random.Next(10) < 7)
        {
            writer.BeginLine(nowMs);
            writer.Append("DCID "u8);
            writer.Append(_dcid);
            writer.Append(" TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384"u8);
            writer.EndLine();
        }

        writer.BeginLine(nowMs);
        writer.Append("Delivery start DCID "u8);
        writer.Append(_dcid);
        writer.Append(" MID "u8);
        writer.Append(_mid);
        writer.Append(" to RID "u8);
        writer.AppendRidList(_envelope.Recipients.Length);
        writer.EndLine();
        _phase = Phase.Result;
    }

    private void Result(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        Random random = simulation.Random;
        bool bounce = !_generated && _envelope.Recipients.Length == 1 && _envelope.Sender.Local is not null &&
            random.NextDouble() < simulation.Options.BounceRate;
        if (bounce)
        {
            MailAddress recipient = _envelope.Recipients[0];
            writer.BeginLine(nowMs);
            writer.Append("Bounced: DCID "u8);
            writer.Append(_dcid);
            writer.Append(" MID "u8);
            writer.Append(_mid);
            writer.Append(" to RID 0 - 5.1.0 - Unknown address error ('550', ['5.1.1 "u8);
            recipient.WriteTo(writer);
            writer.Append(": Recipient address rejected: User unknown in virtual mailbox table']) []"u8);
            writer.EndLine();
        }
        else
        {
            writer.BeginLine(nowMs);
            writer.Append("Message done DCID "u8);
            writer.Append(_dcid);
            writer.Append(" MID "u8);
            writer.Append(_mid);
            writer.Append(" to RID "u8);
            writer.AppendRidList(_envelope.Recipients.Length);
            writer.EndLine();
            MidLine(writer, nowMs, " RID "u8);
            writer.AppendRidList(_envelope.Recipients.Length);
            writer.Append(" Response '2.0.0 Ok: queued as "u8);
            writer.AppendHex((ulong)random.NextInt64(), 10);
            writer.Append((byte)'\'');
            writer.EndLine();
        }

        Finished(simulation, nowMs);
        if (bounce)
        {
            simulation.Schedule(GeneratedMessageActor.Bounce(_mid, _envelope), nowMs + simulation.Delay(0, 300));
        }

        _phase = Phase.CloseDcid;
    }

    private void Finished(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("Message finished MID "u8);
        writer.Append(_mid);
        writer.Append(" done"u8);
        writer.EndLine();
        simulation.Finished(AbortClass.None, nearTimeout: false);
    }

    /// <summary>Begins <c>MID m{text}</c>; the caller ends the line.</summary>
    private void MidLine(Utf8LogWriter writer, long nowMs, ReadOnlySpan<byte> text)
    {
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(_mid);
        writer.Append(text);
    }
}
