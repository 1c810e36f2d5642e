using System.Collections.Frozen;

namespace Drover.Events.Serialization;

internal sealed class ContentBlockConverter() : TypeDiscriminatorConverter<ContentBlock>(KnownTypes, typeof(UnknownContentBlock))
{
    internal static readonly FrozenDictionary<string, Type> KnownTypes = new Dictionary<string, Type>
    {
        [ContentBlockTypes.Text] = typeof(TextBlock),
        [ContentBlockTypes.Image] = typeof(ImageBlock),
        [ContentBlockTypes.Document] = typeof(DocumentBlock),
        [ContentBlockTypes.SearchResult] = typeof(SearchResultBlock),
        [ContentBlockTypes.Redacted] = typeof(RedactedBlock),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
