using Microsoft.Extensions.Logging;

namespace EsaBridge.StateFiles;

/// <summary>Runs a write to the state directory until the disk takes it: while the disk is full it says so once, tries
/// again every <see cref="Interval"/>, and says so again when there is room. Stopping meanwhile gives up, with a <see
/// cref="DiskFullStopException"/>: the last checkpoint stands and the next start reads again from it.</summary>
internal sealed partial class DiskFullRetry(string writer, string whileFull, string onRoom, ILogger logger, CancellationToken stop)
{
    private volatile bool _waiting;

    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(1);

    public bool Waiting => _waiting;

    /// <exception cref="DiskFullStopException">Stopped while the disk was full.</exception>
    public TResult Run<TState, TResult>(Func<TState, TResult> write, TState state)
    {
        while (true)
        {
            try
            {
                var result = write(state);
                if (_waiting)
                {
                    _waiting = false;
                    LogRoom(logger, writer, onRoom);
                }

                return result;
            }
            catch (IOException e) when (StateDisk.IsFull(e))
            {
                if (!_waiting)
                {
                    _waiting = true;
                    LogFull(logger, writer, e.Message, whileFull, Interval.TotalSeconds);
                }

                if (stop.WaitHandle.WaitOne(Interval) || stop.IsCancellationRequested)
                {
                    LogGaveUp(logger);
                    throw new DiskFullStopException();
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Writer}: the disk is full ({Reason}); {WhileFull}; trying again every {Seconds} s")]
    private static partial void LogFull(ILogger logger, string writer, string reason, string whileFull, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Writer}: the disk has room again{OnRoom}")]
    private static partial void LogRoom(ILogger logger, string writer, string onRoom);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping while the disk is full: the last checkpoint stands, and what was read after it is read again at the next start")]
    private static partial void LogGaveUp(ILogger logger);
}

/// <summary>The service was stopped while the disk was full: no new checkpoint could be written, the last one stands.</summary>
internal sealed class DiskFullStopException() : IOException("stopped while the disk was full");
