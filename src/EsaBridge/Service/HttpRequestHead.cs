using System.Net.Sockets;
using System.Text;

namespace EsaBridge.Service;

/// <summary>The request line of an HTTP/1.x request, read with its headers (which the metrics server ignores).</summary>
internal sealed record HttpRequestHead(string Method, string Path)
{
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    /// <summary>Reads until the blank line that ends the head; null when the client sent more than
    /// <paramref name="maxBytes"/> without one, closed first, or sent no valid request line.</summary>
    public static async Task<HttpRequestHead?> ReadAsync(Socket client, int maxBytes, CancellationToken cancellation)
    {
        byte[] buffer = new byte[maxBytes];
        int count = 0;
        while (count < buffer.Length)
        {
            int read = await client.ReceiveAsync(buffer.AsMemory(count), SocketFlags.None, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            int searchFrom = Math.Max(0, count - (EndOfHead.Length - 1));
            count += read;
            if (buffer.AsSpan(searchFrom, count - searchFrom).IndexOf(EndOfHead) >= 0)
            {
                return Parse(buffer.AsSpan(0, count));
            }
        }

        return null;
    }

    /// <summary><c>METHOD SP target SP HTTP/1.x</c>; the path is the target without its query.</summary>
    private static HttpRequestHead? Parse(ReadOnlySpan<byte> head)
    {
        int lineEnd = head.IndexOf("\r\n"u8);
        string line = Encoding.ASCII.GetString(head[..lineEnd]);
        string[] parts = line.Split(' ');
        if (parts is not [var method, var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal)
            || method.Length == 0 || !target.StartsWith('/'))
        {
            return null;
        }

        int query = target.IndexOf('?');
        return new HttpRequestHead(method, query < 0 ? target : target[..query]);
    }
}
