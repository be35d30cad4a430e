using EsaBridge.Core.Sessions;

namespace EsaBridge.Reporting;

/// <summary>Where the messages of one abort class came from: source IP, reverse-DNS domain, sender group.</summary>
internal sealed class ClassTally(AbortClass abortClass)
{
    private readonly TopCounter _sourceIps = new();
    private readonly TopCounter _domains = new();
    private readonly TopCounter _senderGroups = new();
    private long _messages;

    public void Add(ConnectionSnapshot? connection)
    {
        _messages++;
        _sourceIps.Add(connection?.SourceIp);
        _domains.Add(RegisteredDomain.Of(connection?.ReverseDns));
        _senderGroups.Add(connection?.SenderGroup);
    }

    public ClassTops Top(int count) =>
        new(abortClass, _messages, _sourceIps.Top(count), _domains.Top(count), _senderGroups.Top(count));
}
