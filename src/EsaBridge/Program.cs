using EsaBridge.Cli;

return CliApp.Run(args, ConsoleStreams.System());
