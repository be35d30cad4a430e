namespace EsaBridge.Bench.Generation;

/// <summary>
/// A message after reception: policy match and scanning in the work queue, then a drop, a quarantine, or its
/// delivery: one <c>Delivery start</c> per destination on a shared connection of the <see cref="DeliveryPool"/>,
/// with now and then a recipient that hard-bounces or a first attempt that ends <c>Delayed</c> and is retried
/// later on another connection; <c>Message finished</c> after the last result.
/// </summary>
internal sealed class MessageActor : SimActor
{
    private readonly long _mid;
    private readonly Envelope _envelope;
    private readonly MessageFate _fate;
    private readonly bool _generated;
    private Phase _phase;
    private DeliveryGroup[] _groups = [];
    private int _groupIndex;
    private bool _retrying;
    private bool _everDelayed;
    private DeliveryConnection? _connection;
    private long _rcid;
    private int _delivered;
    private int _bounced;

    private MessageActor(long mid, Envelope envelope, MessageFate fate, bool generated, Phase phase)
    {
        _mid = mid;
        _envelope = envelope;
        _fate = fate;
        _generated = generated;
        _phase = phase;
    }

    private enum Phase
    {
        Scan,
        AntiVirus,
        SpamQuarantine,
        Deliver,
        Result,
    }

    /// <summary>A message just received on a connection, with what scanning will do to it.</summary>
    public static MessageActor Received(long mid, Envelope envelope, MessageFate fate) =>
        new(mid, envelope, fate, generated: false, Phase.Scan);

    /// <summary>A message the appliance made itself (ICID 0): it goes straight to delivery.</summary>
    public static MessageActor Generated(Simulation simulation, long mid, Envelope envelope) =>
        new(mid, envelope, MessageFate.Deliver, generated: true, Phase.Deliver)
        {
            _groups = DeliveryGroup.Plan(simulation, envelope, generated: true),
        };

    public override long Step(Simulation simulation, long nowMs)
    {
        switch (_phase)
        {
            case Phase.Scan:
                return Scan(simulation, nowMs);
            case Phase.AntiVirus:
                return AntiVirus(simulation, nowMs);
            case Phase.SpamQuarantine:
                SpamQuarantine(simulation, nowMs);
                return Done;
            case Phase.Deliver:
                Deliver(simulation, nowMs);
                return nowMs + simulation.Delay(100, 2_500);
            default:
                return Result(simulation, nowMs);
        }
    }

    private long Scan(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        MidLine(writer, nowMs, " matched all recipients for per-recipient policy "u8);
        writer.Append(Vocabulary.Pick(simulation.Random, simulation.Vocabulary.Policies));
        writer.Append(_envelope.Outbound ? " in the outbound table"u8 : " in the inbound table"u8);
        writer.EndLine();
        ContentScan.AntiSpam(simulation, nowMs, _mid, _fate, _envelope.Outbound);
        if (_fate == MessageFate.DropByCase)
        {
            Drop(simulation, nowMs);
            return Done;
        }

        _phase = Phase.AntiVirus;
        return nowMs + simulation.Delay(20, 1_200);
    }

    private long AntiVirus(Simulation simulation, long nowMs)
    {
        ContentScan.AntiVirusAndAmp(simulation, nowMs, _mid, _fate);
        if (_fate == MessageFate.DropByAmp)
        {
            Drop(simulation, nowMs);
            return Done;
        }

        ContentScan.Filters(simulation, nowMs, _mid, _fate);
        if (_fate.IsDrop())
        {
            Drop(simulation, nowMs);
            return Done;
        }

        if (!_envelope.Outbound && simulation.Random.NextDouble() < simulation.Options.BccRate)
        {
            simulation.Schedule(GeneratedMessageActor.BccCopy(_mid, _envelope), nowMs);
        }

        if (_fate == MessageFate.PolicyQuarantine)
        {
            Finished(simulation, nowMs);
            simulation.Dispositions.Quarantined++;
            return Done;
        }

        MidLine(simulation.Writer, nowMs, " queued for delivery"u8);
        simulation.Writer.EndLine();
        if (_fate == MessageFate.SpamQuarantine)
        {
            _rcid = simulation.Ids.NextRcid();
            Utf8LogWriter writer = simulation.Writer;
            writer.BeginLine(nowMs);
            writer.Append("RPC Delivery start RCID "u8);
            writer.Append(_rcid);
            writer.Append(" MID "u8);
            writer.Append(_mid);
            writer.Append(" to local IronPort Spam Quarantine"u8);
            writer.EndLine();
            _phase = Phase.SpamQuarantine;
            return nowMs + simulation.Delay(100, 1_500);
        }

        _groups = DeliveryGroup.Plan(simulation, _envelope, generated: false);
        _phase = Phase.Deliver;
        return nowMs + simulation.Delay(0, 1_500);
    }

    private void SpamQuarantine(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("ISQ: Quarantined MID "u8);
        writer.Append(_mid);
        writer.EndLine();
        writer.BeginLine(nowMs);
        writer.Append("RPC Message done RCID "u8);
        writer.Append(_rcid);
        writer.Append(" MID "u8);
        writer.Append(_mid);
        writer.EndLine();
        Finished(simulation, nowMs);
        simulation.Dispositions.Quarantined++;
    }

    private void Drop(Simulation simulation, long nowMs)
    {
        ContentScan.DropLine(simulation.Writer, nowMs, _mid, _fate, _envelope.Outbound);
        Finished(simulation, nowMs);
        simulation.Ids.DroppedMessages++;
        simulation.Dispositions.Dropped++;
    }

    private void Deliver(Simulation simulation, long nowMs)
    {
        DeliveryGroup group = _groups[_groupIndex];
        _connection = simulation.Delivery.Acquire(simulation, nowMs, group.Destination);
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("Delivery start DCID "u8);
        writer.Append(_connection.Dcid);
        writer.Append(" MID "u8);
        writer.Append(_mid);
        writer.Append(" to RID "u8);
        writer.AppendRidList(group.Rids);
        writer.EndLine();
        _phase = Phase.Result;
    }

    private long Result(Simulation simulation, long nowMs)
    {
        DeliveryGroup group = _groups[_groupIndex];
        DeliveryConnection connection = _connection!;
        if (group.DelayFirst && !_retrying)
        {
            foreach (int rid in group.Rids)
            {
                WriteDelayed(simulation.Writer, nowMs, connection.Dcid, rid);
            }

            simulation.Delivery.Release(simulation, connection, nowMs);
            _retrying = true;
            _everDelayed = true;
            _phase = Phase.Deliver;
            return nowMs + simulation.Delay(60_000, 900_000);
        }

        _retrying = false;
        bool hardBounce = !_generated && _envelope.Recipients.Length == 1 && _envelope.Sender.Local is not null &&
            simulation.Random.NextDouble() < simulation.Options.BounceRate;
        int bounceRid = hardBounce ? group.Rids[0] : group.BounceRid;
        if (bounceRid >= 0)
        {
            WriteBounced(simulation.Writer, nowMs, connection.Dcid, bounceRid);
            _bounced++;
        }

        int[] delivered = [.. group.Rids.Where(r => r != bounceRid)];
        if (delivered.Length > 0)
        {
            WriteDone(simulation, nowMs, connection.Dcid, delivered);
            _delivered += delivered.Length;
        }

        simulation.Delivery.Release(simulation, connection, nowMs);
        if (++_groupIndex < _groups.Length)
        {
            _phase = Phase.Deliver;
            return nowMs + simulation.Delay(0, 300);
        }

        Finished(simulation, nowMs);
        CountDisposition(simulation.Dispositions);
        if (_bounced > 0 && _envelope.Sender.Local is not null)
        {
            simulation.Schedule(GeneratedMessageActor.Bounce(_mid, _envelope), nowMs + simulation.Delay(0, 300));
        }

        return Done;
    }

    private void CountDisposition(DispositionCounts dispositions)
    {
        if (_bounced == 0)
        {
            dispositions.Delivered++;
        }
        else if (_delivered == 0)
        {
            dispositions.Bounced++;
        }
        else
        {
            dispositions.PartiallyDelivered++;
        }

        if (_everDelayed)
        {
            dispositions.DelayedThenDelivered++;
        }
    }

    /// <summary>The AsyncOS 11+ form, with sender and recipient (splunk-docs-rex-bounces).</summary>
    private void WriteDelayed(Utf8LogWriter writer, long nowMs, long dcid, int rid)
    {
        writer.BeginLine(nowMs);
        writer.Append("Delayed: DCID "u8);
        writer.Append(dcid);
        writer.Append(" MID "u8);
        writer.Append(_mid);
        writer.Append(" From: "u8);
        _envelope.Sender.WriteTo(writer);
        writer.Append(" To: "u8);
        _envelope.Recipients[rid].WriteTo(writer);
        writer.Append(" RID "u8);
        writer.Append(rid);
        writer.Append(" - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 try again later'])"u8);
        writer.EndLine();
    }

    /// <summary>The older form without sender and recipient (cisco-docs-examples), as the generator always wrote.</summary>
    private void WriteBounced(Utf8LogWriter writer, long nowMs, long dcid, int rid)
    {
        writer.BeginLine(nowMs);
        writer.Append("Bounced: DCID "u8);
        writer.Append(dcid);
        writer.Append(" MID "u8);
        writer.Append(_mid);
        writer.Append(" to RID "u8);
        writer.Append(rid);
        writer.Append(" - 5.1.0 - Unknown address error ('550', ['5.1.1 "u8);
        _envelope.Recipients[rid].WriteTo(writer);
        writer.Append(": Recipient address rejected: User unknown in virtual mailbox table']) []"u8);
        writer.EndLine();
    }

    private void WriteDone(Simulation simulation, long nowMs, long dcid, int[] rids)
    {
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("Message done DCID "u8);
        writer.Append(dcid);
        writer.Append(" MID "u8);
        writer.Append(_mid);
        writer.Append(" to RID "u8);
        writer.AppendRidList(rids);
        writer.EndLine();
        MidLine(writer, nowMs, " RID "u8);
        writer.AppendRidList(rids);
        writer.Append(" Response '2.0.0 Ok: queued as "u8);
        writer.AppendHex((ulong)simulation.Random.NextInt64(), 10);
        writer.Append((byte)'\'');
        writer.EndLine();
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
