namespace EsaBridge.Core.Documents;

/// <summary>
/// Marks a <c>static partial void</c> method <c>(JsonBytes w, in TSource f, ReadOnlySpan&lt;byte&gt; eventId,
/// DocumentWritePlan&lt;TSource&gt; plan)</c> whose body EsaBridge.Generators writes at build time: each field of the
/// list, in order, its declared writer inlined (src/EsaBridge.Generators/DocumentWriterGenerator.cs).
/// </summary>
/// <param name="fieldsOwner">The class declaring the field list.</param>
/// <param name="fieldList">The list's name (<c>All</c>).</param>
/// <param name="ownWriter">The <see cref="DocumentField"/> property holding this document kind's own writer of a field (<c>Write</c> or <c>WriteConnection</c>).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class GeneratedDocumentWriterAttribute(Type fieldsOwner, string fieldList, string ownWriter) : Attribute
{
    public Type FieldsOwner { get; } = fieldsOwner;

    public string FieldList { get; } = fieldList;

    public string OwnWriter { get; } = ownWriter;
}
