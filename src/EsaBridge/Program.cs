using EsaBridge.Cli;

if (args is ["parse", ..])
{
    HotPathWarmUp.Start();
}

return CliApp.Run(args, ConsoleStreams.System());
