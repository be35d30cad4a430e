using System.Globalization;

namespace EsaBridge.Bench;

/// <summary>
/// Counts finished documents by abort class. The generator fills one as its ground truth and the baseline fills
/// one from what it parsed; both print it with <see cref="ToString"/> so the two lines can be compared directly.
/// </summary>
internal sealed class DocumentCounts
{
    private readonly long[] _byClass = new long[Enum.GetValues<AbortClass>().Length];

    public long Total { get; private set; }

    public long NearTimeout { get; private set; }

    public long this[AbortClass abortClass] => _byClass[(int)abortClass];

    public void Add(AbortClass abortClass, bool nearTimeout)
    {
        _byClass[(int)abortClass]++;
        Total++;
        if (nearTimeout)
        {
            NearTimeout++;
        }
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"documents={Total} none={this[AbortClass.None]} connection_lost={this[AbortClass.ConnectionLost]} " +
        $"timeout={this[AbortClass.Timeout]} sender_quit={this[AbortClass.SenderQuit]} other={this[AbortClass.Other]} " +
        $"near_timeout={NearTimeout}");
}
