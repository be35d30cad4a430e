using System.Runtime.InteropServices;
using EsaBridge.Cli;
using EsaBridge.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsaBridge.Service;

/// <summary>Hosts <see cref="RunService"/>: SIGTERM or Ctrl-C stop it gracefully within the 10 s budget. The signals
/// are taken before the service starts, so a stop that arrives during start-up waits for it and still drains.</summary>
internal static class RunHost
{
    public static async Task<int> RunAsync(RunSettings settings, ConsoleStreams io, CancellationToken cancellation)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "esabridge" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TextWriterLoggerProvider(io.Error));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(io);
        builder.Services.AddSingleton<RunService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RunService>());

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var host = builder.Build();
        var service = host.Services.GetRequiredService<RunService>();
        await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
        await host.WaitForShutdownAsync(stopping.Token).ConfigureAwait(false);

        if (service.Failure is Exception failure)
        {
            io.Error.WriteLine($"esabridge: reading stopped: {Outputs.UrlRedaction.Redact(failure.Message)}");
            return ExitCodes.InputError;
        }

        return ExitCodes.Success;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }
}
