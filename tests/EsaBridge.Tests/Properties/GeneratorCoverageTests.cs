using System.Collections.Concurrent;
using CsCheck;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Properties;

/// <summary>
/// The generated sessions the properties run on reach every way a connection ends (docs/session-document.md, "Version 2:
/// connection documents"), so the properties' connection checks never pass only because a case is not generated.
/// </summary>
public sealed class GeneratorCoverageTests
{
    [Fact]
    public void Generated_connections_reach_every_ending_and_class()
    {
        var connections = new ConcurrentBag<ExpectedConnection>();
        var refused = new ConcurrentBag<int>();
        SessionGen.Set(SessionGen.Shape(SessionGen.RealIds, 12)).Sample(
            set =>
            {
                foreach (var c in set.Connections)
                {
                    connections.Add(c);
                }

                refused.Add(set.RefusedBeforeIcid);
            },
            iter: 150);

        Assert.Equal(
            ["connection-closed", "connection-lost", "connection-rejected", "connection-timeout"],
            connections.Select(c => c.Action).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            [AbortClass.None, AbortClass.ConnectionLost, AbortClass.Timeout],
            connections.Select(c => c.AbortClass).Distinct().Order());
        Assert.True(refused.Sum() > 0, "no ICID 0 refusal");
        Assert.Contains(connections, c => c.Mids.Count == 0 && c.Action == "connection-rejected" && c.AbortClass == AbortClass.ConnectionLost);
        Assert.Contains(connections, c => c.Mids.Count == 0 && c.Action == "connection-lost");
        Assert.Contains(connections, c => c.Mids.Count == 0 && c.Action == "connection-timeout" && c.NearTimeout);
        Assert.Contains(connections, c => c.Mids.Count == 0 && c.TlsFailure is not null);
        Assert.Contains(connections, c => c.Mids.Count == 1 && c.RejectedRecipients > 0 && c.Action == "connection-rejected");
        Assert.Contains(connections, c => c.Mids.Count > 1 && c.RejectedRecipients > 0 && c.Action == "connection-closed");
        Assert.Contains(connections, c => c.Mids.Count > 0 && c.Action == "connection-lost");
        Assert.Contains(connections, c => c.Mids.Count > 0 && c.Action == "connection-timeout");
    }
}
