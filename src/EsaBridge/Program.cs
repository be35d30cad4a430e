using System.Runtime.CompilerServices;
using EsaBridge.Cli;
using EsaBridge.Pipeline;

// A native (ahead-of-time compiled) build has nothing to warm up: its code is compiled already.
if (args is ["parse", ..] && RuntimeFeature.IsDynamicCodeCompiled)
{
    HotPathWarmUp.Start();
}

return CliApp.Run(args, ConsoleStreams.System());
