namespace EsaBridge.Bench.Generation;

/// <summary>
/// Opens new inbound connections at Poisson-distributed times until the log reaches its target size, then sets
/// <see cref="Simulation.Stopping"/> so the rest of the run only finishes what is open.
/// </summary>
internal sealed class ArrivalActor : SimActor
{
    public override long Step(Simulation simulation, long nowMs)
    {
        if (simulation.Writer.BytesWritten >= simulation.Options.TargetBytes)
        {
            simulation.Stopping = true;
            return Done;
        }

        simulation.Schedule(ConnectionActor.Create(simulation), nowMs);
        double gapSeconds = -Math.Log(1.0 - simulation.Random.NextDouble()) / simulation.Options.ConnectionsPerSecond;
        return nowMs + Math.Max(1, (long)(gapSeconds * 1000));
    }
}
