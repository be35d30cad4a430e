namespace EsaBridge.Bench.Generation;

/// <summary>
/// Something in the simulated appliance that writes log lines over time: a connection, a message in the work
/// queue, the status timer. The scheduler calls <see cref="Step"/> when the actor is due.
/// </summary>
internal abstract class SimActor
{
    /// <summary>Returned by <see cref="Step"/> when the actor has written its last line.</summary>
    public const long Done = -1;

    /// <summary>Writes the lines due at <paramref name="nowMs"/> and returns when the actor is next due, or <see cref="Done"/>.</summary>
    public abstract long Step(Simulation simulation, long nowMs);
}
