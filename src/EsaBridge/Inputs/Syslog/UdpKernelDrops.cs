using System.Net.Sockets;

namespace EsaBridge.Inputs.Syslog;

/// <summary>Datagrams the kernel dropped for a UDP socket (its receive buffer was full, mostly): the socket's
/// <c>sk_drops</c>, the <c>drops</c> column of <c>/proc/net/udp</c>, read with <c>getsockopt(SO_MEMINFO)</c>. Linux
/// only; 0 elsewhere.</summary>
internal static class UdpKernelDrops
{
    private const int SolSocket = 1;
    private const int SoMemInfo = 55;
    private const int MemInfoDrops = 8;

    public static long Read(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        Span<uint> meminfo = stackalloc uint[MemInfoDrops + 1];
        try
        {
            int length = socket.GetRawSocketOption(SolSocket, SoMemInfo, System.Runtime.InteropServices.MemoryMarshal.AsBytes(meminfo));
            return length >= (MemInfoDrops + 1) * sizeof(uint) ? meminfo[MemInfoDrops] : 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or PlatformNotSupportedException)
        {
            return 0;
        }
    }
}
