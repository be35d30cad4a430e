using EsaBridge.Bench.Generation;

namespace EsaBridge.Bench;

/// <summary>
/// Writes a large, realistic, deterministic Cisco ESA text mail log (file form): many concurrent inbound
/// connections whose lines interleave in time order, 0-3 messages each, a configurable mix of outcomes
/// (delivered, content drop, connection lost, listener timeout, sender quit, injection aborted), the verdict and
/// authentication lines of each message, deliveries on shared connections (partial bounces, delays, quarantines),
/// connections that carry no message (rejected, refused, lost, idle, TLS failure), ICID 0 bounces and bcc copies,
/// and a status line every minute. Every line form is one of docs/esa-mail-log-reference.md. Returns the documents
/// a correct parser must produce.
/// </summary>
internal static class LogGenerator
{
    public static GenerationResult Generate(Stream output, GeneratorOptions options)
    {
        using var writer = new Utf8LogWriter(output, options.Start);
        var simulation = new Simulation(options, writer);
        WriteHeader(writer);
        simulation.Schedule(new ArrivalActor(), simulation.Delay(0, 1_000));
        simulation.Schedule(new StatusActor(), simulation.Delay(1_000, StatusActor.IntervalMs));
        long lastMs = 0;
        while (simulation.Scheduler.TryNext(out SimActor actor, out long dueMs))
        {
            lastMs = dueMs;
            long next = actor.Step(simulation, dueMs);
            if (next != SimActor.Done)
            {
                simulation.Schedule(actor, next);
            }
        }

        writer.Line(lastMs, "Logfile rolled over"u8);
        writer.Line(lastMs, "End Logfile"u8);
        writer.Flush();
        return new GenerationResult(
            simulation.Truth,
            writer.BytesWritten,
            writer.LinesWritten,
            simulation.Ids.Connections,
            simulation.Ids.GeneratedBounces,
            simulation.Ids.GeneratedCopies,
            TimeSpan.FromMilliseconds(lastMs),
            simulation.Dispositions,
            simulation.ConnectionEndings);
    }

    private static void WriteHeader(Utf8LogWriter writer)
    {
        writer.Line(0, "Begin Logfile"u8);
        writer.Line(0, "Version: 15.0.1-030 SN: 4C4C4544-0046-4210-8051-B7C04F4D3232"u8);
        writer.Line(0, "Time offset from UTC: 0 seconds"u8);
    }
}
