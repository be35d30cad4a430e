using System.Globalization;
using System.Text;

namespace EsaBridge.Service;

/// <summary>The service's figures in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    public static string Render(ServiceSnapshot s)
    {
        var text = new StringBuilder();
        Metric(text, "esabridge_lines_read_total", "counter", "Log lines read since start", s.LinesRead);
        Metric(text, "esabridge_lines_malformed_total", "counter", "Broken lines (binary bytes, cut, over the length limit, no header of a known form) counted and skipped since start; other programs' syslog lines are not counted here", s.Malformed);
        Metric(text, "esabridge_documents_total", "counter", "Session documents made since start", s.Documents);
        Metric(text, "esabridge_open_sessions", "gauge", "Messages seen but not finished", s.OpenMessages);
        Metric(text, "esabridge_open_connections", "gauge", "SMTP connections seen but not closed", s.OpenConnections);
        Metric(text, "esabridge_evicted_messages_total", "counter", "Open messages sent as incomplete documents because --max-open-messages was reached", s.EvictedMessages);
        Metric(text, "esabridge_evicted_connections_total", "counter", "Open connections forgotten because --max-open-connections was reached", s.EvictedConnections);
        Metric(text, "esabridge_spool_bytes", "gauge", "Spooled bytes not yet acknowledged by every output", s.SpoolDepthBytes);
        Metric(text, "esabridge_reading_paused", "gauge", "Whether reading waits for room, in the spool or on the disk (1), or runs (0)", s.Paused || s.WaitingForDisk ? 1 : 0);
        Metric(text, "esabridge_disk_full", "gauge", "Whether reading waits because the state directory's disk is full (1) or not (0)", s.WaitingForDisk ? 1 : 0);
        Metric(text, "esabridge_up", "gauge", "Whether the service reads its inputs (1) or has stopped on an error (0)", s.Reading ? 1 : 0);
        Metric(text, "esabridge_syslog_messages_received_total", "counter", "Syslog messages received on every listener", s.SyslogReceived);
        Metric(text, "esabridge_syslog_messages_dropped_total", "counter", "UDP syslog messages dropped because the queue was full", s.SyslogDropped);
        SyslogMetrics(text, s.Syslog);
        Labelled(text, "esabridge_output_documents_sent_total", "counter", "Documents sent to an output, retries included", s, o => o.Sent);
        Labelled(text, "esabridge_output_documents_acknowledged_total", "counter", "Documents an output acknowledged", s, o => o.Acknowledged);
        Labelled(text, "esabridge_output_documents_dead_lettered_total", "counter", "Documents an output rejected for good", s, o => o.DeadLettered);
        Labelled(text, "esabridge_output_errors_total", "counter", "Failed delivery attempts (retried), all kinds", s, o => o.Errors);
        Header(text, "esabridge_output_failures_total", "counter", "Failed delivery attempts by kind (HTTP status, network error, authentication refused)");
        foreach (var output in s.Outputs)
        {
            foreach (var (kind, count) in output.FailuresByKind)
            {
                text.Append(CultureInfo.InvariantCulture, $"esabridge_output_failures_total{{output=\"{output.Name}\",kind=\"{Escaped(kind)}\"}} {count}\n");
            }
        }

        Header(text, "esabridge_output_oldest_undelivered_seconds", "gauge", "How long the oldest document an output has not acknowledged has been spooled");
        foreach (var output in s.Outputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"esabridge_output_oldest_undelivered_seconds{{output=\"{output.Name}\"}} {output.OldestUndeliveredSeconds}\n");
        }

        Labelled(text, "esabridge_output_degraded", "gauge", "Whether an output is degraded (1: credentials refused, or nothing delivered for --degraded-after) or not (0)", s, o => o.Degraded is null ? 0 : 1);
        return text.ToString();
    }

    private static string Escaped(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static void SyslogMetrics(StringBuilder text, Inputs.Syslog.SyslogTotals s)
    {
        Metric(text, "esabridge_syslog_kernel_drops_total", "counter", "UDP syslog datagrams the kernel dropped before they were read (a full socket receive buffer; Linux)", s.KernelDrops);
        Metric(text, "esabridge_syslog_messages_oversized_total", "counter", "Syslog messages over --syslog-max-message, dropped and counted as malformed", s.Oversized);
        Metric(text, "esabridge_syslog_tcp_framing_errors_total", "counter", "TCP syslog connections closed for a frame that cannot be read (a bad or bogus octet count)", s.FramingErrors);
        Metric(text, "esabridge_syslog_tcp_connections_total", "counter", "TCP syslog connections accepted", s.TcpConnections);
        Metric(text, "esabridge_syslog_tcp_connections_rejected_total", "counter", "TCP syslog connections refused because --syslog-tcp-max-connections were open", s.TcpRejectedConnections);
        Metric(text, "esabridge_syslog_tcp_connections_idle_closed_total", "counter", "TCP syslog connections closed after --syslog-tcp-idle-timeout without a byte", s.TcpIdleClosed);
        Metric(text, "esabridge_syslog_tcp_connections_open", "gauge", "TCP syslog connections open now", s.TcpOpenConnections);
    }

    private static void Metric(StringBuilder text, string name, string type, string help, long value)
    {
        Header(text, name, type, help);
        text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
    }

    private static void Labelled(StringBuilder text, string name, string type, string help, ServiceSnapshot s, Func<OutputSnapshot, long> value)
    {
        Header(text, name, type, help);
        foreach (var output in s.Outputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{{output=\"{output.Name}\"}} {value(output)}\n");
        }
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
}
