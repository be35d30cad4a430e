using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// The data streams and indices of the cluster, and the rules that resolve a write target: existing targets, automatic
/// creation from the best matching index template (a data stream when it has <c>data_stream</c>), and the refusals.
/// </summary>
internal sealed class Targets
{
    private readonly SortedDictionary<string, WriteTarget> _byName = new(StringComparer.Ordinal);

    public IEnumerable<WriteTarget> All => _byName.Values;

    public WriteTarget? this[string name] => _byName.GetValueOrDefault(name);

    public bool Remove(string name) => _byName.Remove(name);

    /// <summary>Resolves (creating when Elasticsearch would) the target of one bulk operation.</summary>
    public Resolution ForWrite(string name, string op, bool requireDataStream, bool autoCreate, IndexTemplates templates, DateTimeOffset now)
    {
        if (_byName.TryGetValue(name, out var existing))
        {
            return Checked(existing, op, requireDataStream);
        }

        if (name.StartsWith(".ds-", StringComparison.Ordinal) && _byName.Values.FirstOrDefault(t => t.IsDataStream && t.WriteIndex == name) is { } backing)
        {
            // Deletes and updates may address a backing index directly; new documents must go through the data stream.
            string? refusal = op switch
            {
                "create" => "index request with op_type=create targeting backing indices is disallowed",
                "index" => "index request with op_type=index and no if_primary_term and if_seq_no set targeting backing indices is disallowed",
                _ => null,
            };
            return refusal is null
                ? Resolution.To(backing)
                : Resolution.Fail(400, EsErrors.Cause("illegal_argument_exception", $"{refusal}, target corresponding data stream [{backing.Name}] instead"));
        }

        if (IndexNames.Problem(name) is { } invalid)
        {
            return Resolution.Fail(400, invalid);
        }

        if (op == "delete")
        {
            return Resolution.Fail(404, EsErrors.IndexNotFoundCause(name));
        }

        var match = templates.Match(name);
        bool dataStream = match is { } m && IndexTemplates.IsDataStream(m.Body);
        bool? templateSays = match is { } t ? IndexTemplates.AllowAutoCreate(t.Body) : null;
        if (templateSays == false)
        {
            return Resolution.Fail(404, EsErrors.IndexNotFoundCause(
                name, $"composable template [{string.Join(", ", IndexTemplates.Patterns(match!.Value.Body))}] forbids index auto creation"));
        }

        if (!dataStream && requireDataStream)
        {
            return Resolution.Fail(404, EsErrors.IndexNotFoundCause(name, $"[require_data_stream] request flag is [true] and [{name}] is not a data stream"));
        }

        if (!autoCreate && templateSays != true)
        {
            return Resolution.Fail(404, EsErrors.IndexNotFoundCause(name, "[action.auto_create_index] is [false]"));
        }

        var created = Create(name, match, templates, now, out var error);
        return created is null ? Resolution.Fail(400, error!) : Checked(created, op, requireDataStream);
    }

    /// <summary><c>PUT /_data_stream/{name}</c>: creates a data stream from its matching template.</summary>
    public EsAnswer? CreateDataStream(string name, IndexTemplates templates, DateTimeOffset now)
    {
        if (IndexNames.Problem(name) is { } invalid)
        {
            return EsErrors.Answer(400, invalid);
        }

        if (_byName.ContainsKey(name))
        {
            return EsErrors.Answer(400, EsErrors.Cause("resource_already_exists_exception", $"data_stream [{name}] already exists"));
        }

        var match = templates.Match(name);
        if (match is not { } m || !IndexTemplates.IsDataStream(m.Body))
        {
            return EsErrors.IllegalArgument($"no matching index template found for data stream [{name}]");
        }

        return Create(name, match, templates, now, out var error) is null ? EsErrors.Answer(400, error!) : null;
    }

    private static Resolution Checked(WriteTarget target, string op, bool requireDataStream)
    {
        if (target.IsDataStream && op != "create")
        {
            return Resolution.Fail(400, EsErrors.Cause("illegal_argument_exception", "only write ops with an op_type of create are allowed in data streams"));
        }

        return !target.IsDataStream && requireDataStream
            ? Resolution.Fail(400, EsErrors.Cause("illegal_argument_exception", $"only write ops to a data stream are allowed, but [{target.Name}] is not a data stream"))
            : Resolution.To(target);
    }

    private WriteTarget? Create(string name, (string Name, JsonObject Body)? match, IndexTemplates templates, DateTimeOffset now, out JsonObject? error)
    {
        bool dataStream = match is { } m && IndexTemplates.IsDataStream(m.Body);
        try
        {
            var mapping = IndexMapping.Compile(match is { } t ? templates.ComposedMappings(t.Body) : null, dataStream);
            var settings = match is { } s ? templates.ComposedSettings(s.Body) : IndexSettings.Empty;
            var target = new WriteTarget(name, dataStream, match?.Name, mapping, settings, now);
            _byName[name] = target;
            error = null;
            return target;
        }
        catch (MappingException e)
        {
            error = EsErrors.Cause("mapper_parsing_exception", "Failed to parse mapping: " + e.Message, causedBy: EsErrors.Cause("mapper_parsing_exception", e.Message));
            return null;
        }
    }
}
