using EsaBridge.Core.Sessions;

namespace EsaBridge.Checkpoints;

/// <summary>Brings back the open sessions a checkpoint holds, whichever way it holds them (<see cref="SessionJournal"/>).</summary>
internal static class CheckpointSessions
{
    /// <exception cref="InvalidDataException">The sessions part, or the snapshot or journal it names, is damaged or missing.</exception>
    public static void Restore(Checkpoint checkpoint, Sessionizer sessions, string stateDirectory) =>
        SessionJournal.Restore(checkpoint.Sessions, sessions, stateDirectory);
}
