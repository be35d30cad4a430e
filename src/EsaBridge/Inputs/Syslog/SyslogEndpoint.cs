using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EsaBridge.Inputs.Syslog;

/// <summary>Where a syslog listener binds: loopback unless an address is given.</summary>
internal sealed record SyslogEndpoint(IPAddress Address, int Port)
{
    private const string Forms = "use PORT, ADDR:PORT or [IPv6]:PORT, e.g. 5514, 0.0.0.0:514 or [::1]:514";

    public IPEndPoint ToIPEndPoint() => new(Address, Port);

    /// <summary><c>PORT</c>, <c>:PORT</c> (both on 127.0.0.1), <c>ADDR:PORT</c>, <c>[v6]:PORT</c>; ADDR may be <c>localhost</c>.</summary>
    /// <exception cref="FormatException">With a message a user can act on.</exception>
    public static SyslogEndpoint Parse(string text)
    {
        string value = text.Trim();
        string host;
        string port;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != ':')
            {
                throw new FormatException($"'{text}' is not a listen address ({Forms})");
            }

            host = value[1..close];
            port = value[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw new FormatException($"'{host}' in '{text}' is not an IPv6 address");
            }

            return new SyslogEndpoint(v6, ParsePort(text, port));
        }

        int colon = value.LastIndexOf(':');
        if (colon >= 0 && value.IndexOf(':', StringComparison.Ordinal) != colon)
        {
            throw new FormatException($"'{text}': put an IPv6 address in brackets, e.g. [::1]:514");
        }

        host = colon < 0 ? string.Empty : value[..colon];
        port = value[(colon + 1)..];
        return new SyslogEndpoint(ParseHost(text, host), ParsePort(text, port));
    }

    public override string ToString() =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    private static IPAddress ParseHost(string text, string host)
    {
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        // IPAddress.TryParse also takes "10.1" and "17": only the dotted quad is meant here.
        if (IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetwork && host.Count(c => c == '.') == 3)
        {
            return address;
        }

        throw new FormatException($"'{host}' in '{text}' is not an IP address of this machine (use 0.0.0.0 for every interface, or omit it for 127.0.0.1)");
    }

    private static int ParsePort(string text, string port)
    {
        if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number <= IPEndPoint.MaxPort)
        {
            return number;
        }

        throw new FormatException($"'{port}' in '{text}' is not a port number (0-65535)");
    }
}
