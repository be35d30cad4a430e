using System.Collections.Immutable;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Sessions;
using EsaBridge.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// The build-time writer (src/EsaBridge.Generators): what it makes of field declarations written as
/// SessionFields declares them, and the one-line error it gives for a declaration it cannot write. The documents
/// the real writers produce are checked by the document, sample and property tests.
/// </summary>
public class DocumentWriterGeneratorTests
{
    private const string Writer = """
        internal static partial class ProbeWriter
        {
            [GeneratedDocumentWriter(typeof(ProbeFields), nameof(ProbeFields.All), nameof(DocumentField.Write))]
            private static partial void WriteFields(JsonBytes w, in FinishedMessage f, ReadOnlySpan<byte> eventId, DocumentWritePlan<FinishedMessage> plan);
        }
        """;

    [Fact]
    public void Writes_every_kind_of_field_and_compiles_with_the_declarations_names()
    {
        var (diagnostics, generated) = Run("""
            public static partial class ProbeFields
            {
                public static readonly DocumentField Time = new("@timestamp", EsType.Date, "t") { Write = static (w, in f, _) => SessionFields.Time(w, f.End) };
                public static readonly DocumentField Id = new("event.id", EsType.Keyword, "i") { Write = static (w, in _, id) => SessionFields.Plain(w, id) };
                public static readonly DocumentField Kind = new("event.kind", EsType.Keyword, "k") { ConstantJson = "\"event\"" };
                public static readonly DocumentField Module = new("event.module", EsType.Keyword, "m") { ConstantJson = "\"m\"" };
                public static readonly DocumentField Block = new("cisco.esa.mid", EsType.Long, "b")
                {
                    Write = static (w, in f, _) =>
                    {
                        long mid = f.Mid;
                        return SessionFields.Number(w, mid);
                    },
                };
                public static readonly DocumentField Interface = new("cisco.esa.connection.interface", EsType.Keyword, "c") { FromConnection = static (w, c) => SessionFields.Text(w, c.Interface) };
                public static readonly DocumentField Host = new("observer.hostname", EsType.Keyword, "o") { FromObserver = static (w, in o) => SessionFields.Text(w, o.Version) };
                public static readonly IReadOnlyList<DocumentField> All = [Time, Id, Kind, Module, Block, Interface, Host];
            }
            """ + Writer);

        Assert.Empty(diagnostics);
        Assert.Contains("\"@timestamp\",", generated, StringComparison.Ordinal);
        Assert.Contains("\"observer.hostname\",", generated, StringComparison.Ordinal);

        // The objects the fields lie in, numbered as the plan numbers them: the document (1), event, cisco.esa, its
        // connection, observer.
        Assert.Contains("WriteFieldsContexts => [1, 2, 2, 2, 3, 4, 5];", generated, StringComparison.Ordinal);

        // The two constants are one run: their bytes come with the first, from the plan (their values are not known
        // here), and the object after them is theirs.
        Assert.Contains("plan.CopyBefore(w, context, 2);", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("plan.CopyBefore(w, context, 3);", generated, StringComparison.Ordinal);

        // Each other field: a literal when the last field written lies in the object of the one before it, else the
        // plan's bytes for that object, out of line.
        Assert.Contains("""
                        if (context == 0)
                        {
                            w.Literal("{\"@timestamp\":"u8);
                        }
            """, generated, StringComparison.Ordinal);
        Assert.Contains("""
                        if (context == 2)
                        {
                            w.Literal("},\"cisco\":{\"esa\":{\"mid\":"u8);
                        }
                        else
                        {
                            plan.CopyBeforeApart(w, context, 4);
                        }
            """, generated, StringComparison.Ordinal);
        Assert.Contains("""            "}}},\"observer\":{\"hostname\":",""", generated, StringComparison.Ordinal);

        // A shared connection field is skipped when the message's connection is unknown.
        Assert.Contains("connection is not null && global::Probe.ProbeFields.Interface__ProbeWriter(w, connection)", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Lambda_discards_become_parameters_of_their_own()
    {
        var (diagnostics, generated) = Run("""
            public static partial class ProbeFields
            {
                public static readonly DocumentField Kind = new("event.kind", EsType.Keyword, "k") { Write = static (w, in _, _) => SessionFields.Plain(w, "x"u8) };
                public static readonly IReadOnlyList<DocumentField> All = [Kind];
            }
            """ + Writer);

        Assert.Empty(diagnostics);
        Assert.Contains("__unused1", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(
        """{ Write = static (w, in f, _) => SessionFields.Time(w, f.End), ConstantJson = "1" }""",
        "@timestamp needs exactly one of its document's Write, FromConnection, FromObserver or ConstantJson")]
    [InlineData("{ }", "@timestamp needs exactly one of its document's Write, FromConnection, FromObserver or ConstantJson")]
    [InlineData("{ Write = Writers.Time }", "@timestamp: its Write must be a lambda")]
    public void A_field_it_cannot_write_fails_the_build_with_its_path(string initializer, string error)
    {
        var (diagnostics, _) = Run($$"""
            public static partial class ProbeFields
            {
                public static readonly DocumentField Time = new("@timestamp", EsType.Date, "t") {{initializer}};
                public static readonly IReadOnlyList<DocumentField> All = [Time];
            }

            internal static class Writers
            {
                public static bool Time(JsonBytes w, in FinishedMessage f, ReadOnlySpan<byte> id) => SessionFields.Time(w, f.End);
            }
            """ + Writer);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ESB001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(error, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_list_of_something_else_than_fields_fails_the_build()
    {
        var (diagnostics, _) = Run("""
            public static partial class ProbeFields
            {
                public static readonly IReadOnlyList<DocumentField> All = [new("a", EsType.Keyword, "x") { ConstantJson = "1" }];
            }
            """ + Writer);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ESB001", diagnostic.Id);
        Assert.StartsWith("ProbeFields.All: new(", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_declaring_written_fields_that_is_not_partial_fails_the_build()
    {
        var (diagnostics, _) = Run("""
            public static class ProbeFields
            {
                public static readonly DocumentField Time = new("@timestamp", EsType.Date, "t") { Write = static (w, in f, _) => SessionFields.Time(w, f.End) };
                public static readonly IReadOnlyList<DocumentField> All = [Time];
            }
            """ + Writer);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ESB001", diagnostic.Id);
        Assert.Equal("ProbeFields must be a partial class outside any other type: its generated writer code is added to it", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_real_plans_refuse_a_writer_generated_from_other_fields()
    {
        var plan = new DocumentWritePlan<FinishedMessage>(SessionFields.All, static field => field.Write);
        plan.CheckFields([.. SessionFields.All.Select(field => field.Path)]);

        var error = Assert.Throws<InvalidOperationException>(() => plan.CheckFields([.. SessionFields.All.Skip(1).Select(field => field.Path)]));
        Assert.Contains("rebuild", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_plans_refuse_literals_or_objects_that_are_not_theirs()
    {
        var plan = new DocumentWritePlan<FinishedConnection>(ConnectionFields.All, static field => field.WriteConnection);
        var paths = ConnectionFields.All.Select(field => field.Path).ToList();
        var contexts = JsonFieldSteps.Contexts(paths);
        var literals = ConnectionFields.All
            .Select((field, i) => field.ConstantJson is not null ? null
                : JsonFieldSteps.Between(i == 0 ? [] : paths[i - 1].Split('.'), paths[i].Split('.'), first: i == 0))
            .ToList();
        Assert.Same(plan, plan.CheckLiterals(contexts, literals));
        int mids = paths.IndexOf("cisco.esa.mids");
        Assert.Equal(",\"mids\":", literals[mids]);

        var oneOff = literals.ToList();
        oneOff[mids] = ",\"mids\": ";
        var error = Assert.Throws<InvalidOperationException>(() => plan.CheckLiterals(contexts, oneOff));
        Assert.Equal("The generated writer's JSON before cisco.esa.mids (,\"mids\": ) is not the plan's (,\"mids\":): rebuild", error.Message);

        int[] renumbered = [.. contexts];
        renumbered[^1]++;
        Assert.Contains("rebuild", Assert.Throws<InvalidOperationException>(() => plan.CheckLiterals(renumbered, literals)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the generator on <paramref name="source"/> compiled as EsaBridge.Tests (so EsaBridge.Core's internals are
    /// visible) and returns the generator's diagnostics and the compiler's errors, with the generated text.
    /// </summary>
    private static (ImmutableArray<Diagnostic> Diagnostics, string Generated) Run(string source)
    {
        string text = """
            using EsaBridge.Core.Documents;
            using EsaBridge.Core.Sessions;

            namespace Probe;

            """ + source;
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(JsonBytes).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "EsaBridge.Tests",
            [CSharpSyntaxTree.ParseText(text, options)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var globalUsings = CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic;", options);
        compilation = compilation.AddSyntaxTrees(globalUsings);

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new DocumentWriterGenerator().AsSourceGenerator()], parseOptions: options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795");
        string generated = string.Concat(driver.GetRunResult().GeneratedTrees.Select(tree => tree.ToString()));
        return (generatorDiagnostics.Any() ? generatorDiagnostics : [.. errors], generated);
    }
}
