namespace EsaBridge.Bench.Generation;

/// <summary>Closes a delivery connection once it has stayed unused (or is spent); scheduled at every release.</summary>
internal sealed class DcidCloseActor(DeliveryPool pool, DeliveryConnection connection) : SimActor
{
    public override long Step(Simulation simulation, long nowMs)
    {
        pool.TryClose(simulation, connection, nowMs);
        return Done;
    }
}
