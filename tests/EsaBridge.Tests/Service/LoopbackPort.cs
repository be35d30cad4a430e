using System.Net;
using System.Net.Sockets;

namespace EsaBridge.Tests.Service;

/// <summary>A loopback port free at the moment of asking, for a listener the test tells the service to open.</summary>
internal static class LoopbackPort
{
    public static int Free(SocketType type = SocketType.Stream, ProtocolType protocol = ProtocolType.Tcp)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
