using System.Globalization;
using System.Net;
using System.Text;
using EsaBridge.Cli;

namespace EsaBridge.Service;

/// <summary><c>--metrics ADDR:PORT</c>: Prometheus text at <c>/metrics</c> and a <c>/health</c> check (200 while
/// reading, <c>ok</c>, or <c>degraded</c> naming each output in trouble and why; 503 once reading has failed), bound to
/// loopback unless an address is given. Degraded stays 200: the service still reads and spools, and a container
/// restarted for an outage of its server would gain nothing.</summary>
internal sealed class MetricsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly RunService _service;
    private readonly Task _loop;

    private MetricsServer(string prefix, RunService service)
    {
        _service = service;
        _listener.Prefixes.Add(prefix);
        if (prefix.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            // HttpListener matches the Host header too: let "curl localhost:PORT" work on the loopback binding.
            _listener.Prefixes.Add(prefix.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        }

        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public static MetricsServer Start(string address, RunService service)
    {
        string prefix = Prefix(address);
        try
        {
            return new MetricsServer(prefix, service);
        }
        catch (HttpListenerException e)
        {
            throw new Inputs.InputException($"--metrics '{address}': cannot listen ({e.Message})");
        }
    }

    /// <summary><c>9108</c>, <c>:9108</c>, <c>0.0.0.0:9108</c> or <c>[::1]:9108</c> as an HttpListener prefix.</summary>
    public static string Prefix(string address)
    {
        string text = address.Trim();
        int colon = text.LastIndexOf(':');
        string host = colon < 0 ? string.Empty : text[..colon];
        string port = colon < 0 ? text : text[(colon + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
        {
            throw new UsageException($"--metrics: '{address}' is not ADDR:PORT");
        }

        host = host.Length == 0 ? "127.0.0.1" : host is "0.0.0.0" or "*" or "[::]" ? "+" : host;
        return $"http://{host}:{number}/";
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending request: nothing to report.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var snapshot = ServiceSnapshot.Of(_service);
        var response = context.Response;
        (int status, string type, string body) = context.Request.Url?.AbsolutePath switch
        {
            "/metrics" => (200, "text/plain; version=0.0.4; charset=utf-8", PrometheusText.Render(snapshot)),
            "/health" => snapshot.Reading
                ? (200, "application/json", Health(snapshot, snapshot.Degraded.Any() ? "degraded" : "ok"))
                : (503, "application/json", Health(snapshot, "reading stopped")),
            _ => (404, "text/plain", "not found: try /metrics or /health\n"),
        };
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = type;
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private static string Health(ServiceSnapshot s, string status)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", status);
            json.WriteBoolean("reading_paused", s.Paused || s.WaitingForDisk);
            json.WriteBoolean("disk_full", s.WaitingForDisk);
            json.WriteNumber("spool_bytes", s.SpoolDepthBytes);
            json.WriteNumber("open_sessions", s.OpenMessages);
            json.WriteStartArray("degraded");
            foreach (var output in s.Degraded)
            {
                json.WriteStringValue($"{output.Name}: {output.Degraded}");
            }

            json.WriteEndArray();
            json.WriteStartArray("outputs");
            foreach (var output in s.Outputs)
            {
                json.WriteStartObject();
                json.WriteString("name", output.Name);
                json.WriteString("status", output.Degraded is null ? "ok" : "degraded");
                if (output.Degraded is string reason)
                {
                    json.WriteString("reason", reason);
                }

                json.WriteNumber("oldest_undelivered_seconds", output.OldestUndeliveredSeconds);
                json.WriteNumber("acknowledged", output.Acknowledged);
                json.WriteNumber("errors", output.Errors);
                json.WriteNumber("dead_letters", output.DeadLettered);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }
}
