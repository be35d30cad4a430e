using EsaBridge.Core.Sessions;

namespace EsaBridge.Service;

/// <summary>Brings back the open sessions a checkpoint holds.</summary>
internal static class CheckpointSessions
{
    /// <exception cref="InvalidDataException">The sessions part is damaged or from an unknown version.</exception>
    public static void Restore(Checkpoint checkpoint, Sessionizer sessions, string stateDirectory) =>
        SessionizerState.Read(sessions, new MemoryStream(checkpoint.Sessions));
}
