using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Inputs.Syslog;
using EsaBridge.Tests.Sessions;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace EsaBridge.Tests.Inputs;

public class SyslogListenerTests
{
    private static readonly SyslogEndpoint Loopback = SyslogEndpoint.Parse("127.0.0.1:0");

    private const string Rfc3164 = "<22>Aug 14 10:15:02 esa1.example.com mail_logs: Info: ICID 10278 close";
    private const string Rfc5424 = "<22>1 2014-08-14T10:15:02Z esa2.example.com mail_logs - - - Info: ICID 10279 close";

    [Fact]
    public async Task UdpDatagramsArriveUntouched()
    {
        var channel = SyslogChannel.CreateBounded(100);
        await using var listener = SyslogUdpListener.Start(Loopback, new SyslogOptions(), channel.Writer);
        using var sender = new UdpClient(AddressFamily.InterNetwork);
        sender.Connect((IPEndPoint)listener.LocalEndPoint);
        await sender.SendAsync(Encoding.UTF8.GetBytes(Rfc3164));
        await sender.SendAsync(Encoding.UTF8.GetBytes(Rfc5424 + "\n"));

        var messages = await Drain(channel.Reader, 2);

        Assert.Equal([Rfc3164, Rfc5424], messages.Select(Text));
        Assert.All(messages, m => Assert.Equal(sender.Client.LocalEndPoint, m.Remote));
        Assert.Equal(2, listener.Counters.Received);
        Assert.Equal(0, listener.Counters.Dropped);
    }

    [Fact]
    public async Task UdpMessagesThatFindTheChannelFullAreDroppedAndCounted()
    {
        var channel = SyslogChannel.CreateBounded(2);
        await using var listener = SyslogUdpListener.Start(Loopback, new SyslogOptions(), channel.Writer);
        using var sender = new UdpClient(AddressFamily.InterNetwork);
        sender.Connect((IPEndPoint)listener.LocalEndPoint);
        for (int i = 0; i < 10; i++)
        {
            await sender.SendAsync(Encoding.UTF8.GetBytes($"{Rfc3164} {i}"));
        }

        await Until(() => listener.Counters.Received == 10, "ten datagrams");

        Assert.Equal(2, listener.Counters.Queued);
        Assert.Equal(8, listener.Counters.Dropped);
        Assert.Equal([$"{Rfc3164} 0", $"{Rfc3164} 1"], (await Drain(channel.Reader, 2)).Select(Text));
    }

    [Fact]
    public async Task UdpMessagesOverTheLimitAreMarkedAndCounted()
    {
        var channel = SyslogChannel.CreateBounded(10);
        await using var listener = SyslogUdpListener.Start(Loopback, new SyslogOptions { MaxMessageBytes = 100 }, channel.Writer);
        using var sender = new UdpClient(AddressFamily.InterNetwork);
        sender.Connect((IPEndPoint)listener.LocalEndPoint);
        await sender.SendAsync(new byte[500].Select(_ => (byte)'x').ToArray());
        await sender.SendAsync(Encoding.UTF8.GetBytes(Rfc3164));

        var messages = await Drain(channel.Reader, 2);

        Assert.True(messages[0].Oversized);
        Assert.Equal(Rfc3164, Text(messages[1]));
        Assert.Equal(1, listener.Counters.Oversized);
    }

    [Fact]
    public async Task TcpTakesBothFramingsOnOneConnection()
    {
        var channel = SyslogChannel.CreateBounded(100);
        await using var listener = SyslogTcpListener.Start(Loopback, new SyslogOptions(), channel.Writer);
        using var client = await Connect(listener);
        await Send(client, $"{Rfc3164}\n{Octets(Rfc5424)}{Octets(Rfc3164)}{Rfc5424}\r\n");

        var messages = await Drain(channel.Reader, 4);

        Assert.Equal([Rfc3164, Rfc5424, Rfc3164, Rfc5424], messages.Select(Text));
        Assert.All(messages, m => Assert.Equal(client.Client.LocalEndPoint, m.Remote));
    }

    [Fact]
    public async Task TcpFramesOverTheLimitAreSkippedAndTheConnectionGoesOn()
    {
        var channel = SyslogChannel.CreateBounded(100);
        await using var listener = SyslogTcpListener.Start(Loopback, new SyslogOptions { MaxMessageBytes = 200 }, channel.Writer);
        using var client = await Connect(listener);
        string big = "<13>" + new string('x', 5000);
        await Send(client, $"{Octets(big)}{Rfc3164}\n{big}\n{Octets(Rfc5424)}");

        var messages = await Drain(channel.Reader, 4);

        Assert.Equal([true, false, true, false], messages.Select(m => m.Oversized));
        Assert.Equal([Rfc3164, Rfc5424], messages.Where(m => !m.Oversized).Select(Text));
        Assert.Equal(2, listener.Counters.Oversized);
        Assert.Equal(0, listener.Counters.FramingErrors);
    }

    [Fact]
    public async Task ABadOctetCountClosesThatConnectionOnly()
    {
        var channel = SyslogChannel.CreateBounded(100);
        await using var listener = SyslogTcpListener.Start(Loopback, new SyslogOptions(), channel.Writer);
        using var bad = await Connect(listener);
        using var good = await Connect(listener);
        await Send(bad, $"{Octets(Rfc3164)}12x{Rfc3164}\n");

        // The listener closes the connection: the client reads the end of the stream.
        var stream = bad.GetStream();
        var closed = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(0, await stream.ReadAsync(closed, timeout.Token));
        await Send(good, $"{Rfc5424}\n");

        Assert.Equal([Rfc3164, Rfc5424], (await Drain(channel.Reader, 2)).Select(Text));
        Assert.Equal(1, listener.Counters.FramingErrors);
    }

    [Fact]
    public async Task ABogusOctetCountClosesThatConnectionInsteadOfSwallowingTheFramesAfterIt()
    {
        var channel = SyslogChannel.CreateBounded(100);
        var log = new ListLogger();
        await using var listener = SyslogTcpListener.Start(Loopback, new SyslogOptions(), channel.Writer, logger: log);
        using var bad = await Connect(listener);
        using var good = await Connect(listener);
        // 513 octets claimed for a short message: the count runs through the newline frames sent after it.
        await Send(bad, $"{Octets(Rfc3164)}513 {Rfc3164}\n" + string.Concat(Enumerable.Repeat($"{Rfc5424}\n", 10)));

        await ClosedByTheListener(bad);
        await Send(good, $"{Rfc5424} good\n");

        Assert.Equal([Rfc3164, $"{Rfc5424} good"], (await Drain(channel.Reader, 2)).Select(Text));
        Assert.False(channel.Reader.TryRead(out _));
        Assert.Equal(1, listener.Counters.FramingErrors);
        Assert.Contains(log.Lines, l => l.StartsWith($"syslog tcp {listener.LocalEndPoint}: closed the connection from {bad.Client.LocalEndPoint}: the octet count 513 does not match its frame: what follows it (\"esa2.example\") does not start another frame; 0 more framing errors since the last such line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdleTcpConnectionsAreClosedAndARealSenderGetsInAfterwards()
    {
        var channel = SyslogChannel.CreateBounded(10);
        var log = new ListLogger();
        var options = new SyslogOptions { MaxConnections = 2, TcpIdleTimeout = TimeSpan.FromSeconds(2) };
        await using var listener = SyslogTcpListener.Start(Loopback, options, channel.Writer, logger: log);
        using var idle1 = await Connect(listener);
        using var idle2 = await Connect(listener);
        await Until(() => listener.OpenConnections == 2, "two idle connections");
        using var refused = await Connect(listener);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(0, await refused.GetStream().ReadAsync(new byte[1], timeout.Token));
        string refusal = Assert.Single(log.Lines);
        Assert.Equal(
            $"syslog tcp {listener.LocalEndPoint}: refused the connection from {refused.Client.LocalEndPoint}: 2 connections are open, the limit (idle ones are closed after 2 s); 0 more refused since the last such line",
            refusal);

        // The idle ones are closed; a sender that keeps talking is not.
        Assert.Equal(0, await idle1.GetStream().ReadAsync(new byte[1], timeout.Token));
        Assert.Equal(0, await idle2.GetStream().ReadAsync(new byte[1], timeout.Token));
        using var sender = await Connect(listener);
        for (int i = 0; i < 6; i++)
        {
            // Three times the idle timeout in all, never that long without a byte.
            await Send(sender, $"{Rfc3164} {i}\n");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"{Rfc3164} {i}"), (await Drain(channel.Reader, 6)).Select(Text));
        Assert.Equal(2, listener.Counters.IdleClosed);
        Assert.Equal(1, listener.Counters.RejectedConnections);
        Assert.Equal(1, listener.OpenConnections);
    }

    [Fact]
    public async Task AFullChannelHoldsTcpBackAndNothingIsLost()
    {
        var channel = SyslogChannel.CreateBounded(4);
        await using var listener = SyslogTcpListener.Start(Loopback, new SyslogOptions(), channel.Writer);
        using var client = await Connect(listener);
        const int total = 3000;
        var sending = Task.Run(async () =>
        {
            for (int i = 0; i < total; i += 100)
            {
                await Send(client, string.Concat(Enumerable.Range(i, 100).Select(n => Octets($"{Rfc5424} {n}"))));
            }
        });

        // Nothing is read: the listener fills the channel and then waits with one message in hand.
        await Until(() => listener.Counters.Received >= 5, "the channel to fill");
        await Task.Delay(200);
        Assert.Equal(4, channel.Reader.Count);
        Assert.Equal(5, listener.Counters.Received);
        Assert.Equal(4, listener.Counters.Queued);

        var messages = await Drain(channel.Reader, total);
        await sending;

        Assert.Equal(Enumerable.Range(0, total).Select(n => $"{Rfc5424} {n}"), messages.Select(Text));
        // The listener counts a message as queued once the channel took it, which can be just after the reader got it.
        await Until(() => listener.Counters.Queued == total, "the last message to be counted");
        Assert.Equal(0, listener.Counters.Dropped);
    }

    [Fact]
    public async Task SeveralAppliancesAtOnceOverUdpAndTcpGiveTheirOwnDocuments()
    {
        string[] session = [.. PipelineRun.SampleLines("esa-mail.log").Skip(4).Take(23)];
        var channel = SyslogChannel.CreateBounded(1000);
        var options = new SyslogOptions();
        await using var udp = SyslogUdpListener.Start(Loopback, options, channel.Writer);
        await using var tcp = SyslogTcpListener.Start(Loopback, options, channel.Writer);
        using var esa1 = await Connect(tcp);
        using var esa2 = await Connect(tcp);
        using var esa3 = new UdpClient(AddressFamily.InterNetwork);
        esa3.Connect((IPEndPoint)udp.LocalEndPoint);

        var senders = new[]
        {
            Send(esa1, string.Concat(session.Select(l => Octets(AsRfc5424(l, "esa1.example.com"))))),
            Send(esa2, string.Concat(session.Select(l => AsRfc3164(l, "esa2.example.com") + "\n"))),
            Task.Run(async () =>
            {
                foreach (string line in session)
                {
                    await esa3.SendAsync(Encoding.UTF8.GetBytes(AsRfc3164(line, "esa3.example.com")));
                }
            }),
        };
        await Task.WhenAll(senders);
        var messages = await Drain(channel.Reader, session.Length * 3);

        var records = new List<SessionRecord>();
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), records.Add);
        messages.ForEach(m => SyslogFeed.Feed(pipeline, m));

        Assert.Equal(0, pipeline.Counters.Malformed);
        Assert.Equal(["esa1.example.com", "esa2.example.com", "esa3.example.com"], records.Select(r => r.Appliance).Order());
        Assert.All(records, r =>
        {
            Assert.Equal(1391, r.Mid);
            Assert.Equal(10278, r.Icid);
            Assert.Equal(6, r.DurationSeconds);
            Assert.Equal(MessageOutcome.Done, r.Outcome);
        });
    }

    [Fact]
    public async Task StoppingClosesConnectionsAndFreesThePort()
    {
        var channel = SyslogChannel.CreateBounded(10);
        var listener = SyslogTcpListener.Start(Loopback, new SyslogOptions(), channel.Writer);
        var endpoint = (IPEndPoint)listener.LocalEndPoint;
        using var client = await Connect(listener);
        await Until(() => listener.OpenConnections == 1, "the connection");

        await listener.DisposeAsync();

        Assert.Equal(0, listener.OpenConnections);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(0, await client.GetStream().ReadAsync(new byte[1], timeout.Token));
        await using var again = SyslogTcpListener.Start(new SyslogEndpoint(IPAddress.Loopback, endpoint.Port), new SyslogOptions(), channel.Writer);
        Assert.Equal(endpoint.Port, ((IPEndPoint)again.LocalEndPoint).Port);
    }

    [Fact]
    public async Task CancellingTheTokenStopsTheUdpListener()
    {
        var channel = SyslogChannel.CreateBounded(10);
        using var stop = new CancellationTokenSource();
        await using var listener = SyslogUdpListener.Start(Loopback, new SyslogOptions(), channel.Writer, stop.Token);
        using var sender = new UdpClient(AddressFamily.InterNetwork);
        sender.Connect((IPEndPoint)listener.LocalEndPoint);
        await sender.SendAsync(Encoding.UTF8.GetBytes(Rfc3164));
        await Drain(channel.Reader, 1);

        await stop.CancelAsync();
        await Task.Delay(100);
        await sender.SendAsync(Encoding.UTF8.GetBytes(Rfc5424));
        await Task.Delay(200);

        Assert.Equal(1, listener.Counters.Received);
        Assert.False(channel.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreRefusedAndCounted()
    {
        var channel = SyslogChannel.CreateBounded(10);
        await using var listener = SyslogTcpListener.Start(Loopback, new SyslogOptions { MaxConnections = 1 }, channel.Writer);
        using var first = await Connect(listener);
        await Until(() => listener.OpenConnections == 1, "the first connection");
        using var second = await Connect(listener);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        Assert.Equal(0, await second.GetStream().ReadAsync(new byte[1], timeout.Token));
        Assert.Equal(1, listener.Counters.RejectedConnections);
    }

    /// <summary>The formatted lines logged at Warning and above.</summary>
    private sealed class ListLogger : ILogger
    {
        private readonly List<string> _lines = [];

        public List<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (_lines)
                {
                    _lines.Add(formatter(state, exception));
                }
            }
        }
    }

    private static string AsRfc3164(string fileLine, string host) =>
        $"<22>{fileLine[4..19]} {host} mail_logs: {fileLine[25..]}";

    private static string AsRfc5424(string fileLine, string host)
    {
        var time = DateTime.ParseExact(fileLine[..24], "ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return $"<22>1 {time:yyyy-MM-ddTHH:mm:ss}Z {host} mail_logs - - - {fileLine[25..]}";
    }

    private static string Octets(string message) => $"{Encoding.UTF8.GetByteCount(message)} {message}";

    private static string Text(SyslogMessage message) => Encoding.UTF8.GetString(message.Span);

    private static async Task<TcpClient> Connect(SyslogTcpListener listener)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint);
        return client;
    }

    private static async Task Send(TcpClient client, string text) => await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Reads until the listener closes the connection: the end of the stream, or a reset when it left bytes unread.</summary>
    private static async Task ClosedByTheListener(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            while (await client.GetStream().ReadAsync(new byte[16], timeout.Token) > 0)
            {
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
        }
    }

    private static async Task<List<SyslogMessage>> Drain(ChannelReader<SyslogMessage> reader, int count)
    {
        var messages = new List<SyslogMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (messages.Count < count)
        {
            messages.Add(await reader.ReadAsync(timeout.Token));
        }

        return messages;
    }

    private static async Task Until(Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }
}
