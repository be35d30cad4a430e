namespace EsaBridge.Bench.Generation;

/// <summary>
/// The reception of a message the appliance generates itself (ICID 0): a bounce of a hard-bounced message or a
/// bcc filter's copy. After its <c>ready</c> line it is handed to a <see cref="MessageActor"/> for delivery.
/// </summary>
internal sealed class GeneratedMessageActor : SimActor
{
    private readonly long _originalMid;
    private readonly Envelope _envelope;
    private readonly bool _bounce;

    private GeneratedMessageActor(long originalMid, Envelope envelope, bool bounce)
    {
        _originalMid = originalMid;
        _envelope = envelope;
        _bounce = bounce;
    }

    public static GeneratedMessageActor Bounce(long originalMid, Envelope original) =>
        new(originalMid, EnvelopeFactory.Bounce(original), bounce: true);

    public static GeneratedMessageActor BccCopy(long originalMid, Envelope original) =>
        new(originalMid, EnvelopeFactory.BccCopy(original), bounce: false);

    public override long Step(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        long mid = simulation.Ids.NextMid();
        writer.BeginLine(nowMs);
        writer.Append("Start MID "u8);
        writer.Append(mid);
        writer.Append(" ICID 0"u8);
        writer.EndLine();
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(mid);
        writer.Append(_bounce ? " was generated for bounce of MID "u8 : " was generated based on MID "u8);
        writer.Append(_originalMid);
        if (!_bounce)
        {
            writer.Append(" by bcc filter 'legal_archive'"u8);
        }

        writer.EndLine();
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(mid);
        writer.Append(" ICID 0 From: "u8);
        _envelope.Sender.WriteTo(writer);
        writer.EndLine();
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(mid);
        writer.Append(" ICID 0 RID 0 To: "u8);
        _envelope.Recipients[0].WriteTo(writer);
        writer.EndLine();
        MessageIdWriter.WriteLine(simulation, nowMs, mid, "esa01.example.com"u8);
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(mid);
        writer.Append(" Subject "u8);
        writer.Append(_envelope.Subject);
        writer.EndLine();
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(mid);
        writer.Append(" ready "u8);
        writer.Append(_envelope.Size);
        writer.Append(" bytes from "u8);
        _envelope.Sender.WriteTo(writer);
        writer.EndLine();
        if (_bounce)
        {
            simulation.Ids.GeneratedBounces++;
        }
        else
        {
            simulation.Ids.GeneratedCopies++;
        }

        simulation.Schedule(MessageActor.Generated(simulation, mid, _envelope), nowMs + simulation.Delay(0, 500));
        return Done;
    }
}
