#include "XmpPacket.h"

#include <QXmlStreamReader>

namespace XmpPacket {

namespace {

const QLatin1String dcUri("http://purl.org/dc/elements/1.1/");
const QLatin1String rdfUri("http://www.w3.org/1999/02/22-rdf-syntax-ns#");

// XML 1.0 cannot carry most control characters at all, not even escaped: they are dropped.
QString xmlText(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        if (c == u'&')
            out += QLatin1String("&amp;");
        else if (c == u'<')
            out += QLatin1String("&lt;");
        else if (c == u'>')
            out += QLatin1String("&gt;");
        else if (c == u'"')
            out += QLatin1String("&quot;");
        else if (c.unicode() >= 0x20 || c == u'\n' || c == u'\t')
            out += c;
        else if (c == u'\r')
            out += QLatin1String("&#13;");
    }
    return out;
}

} // namespace

QByteArray build(const ProvenanceRecord &record, bool withPrediction)
{
    QString xml = QStringLiteral("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                                 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                                 "  <rdf:Description rdf:about=\"\"\n"
                                 "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                                 "    xmlns:replimon=\"")
        + QLatin1String(namespaceUri) + QStringLiteral("\">\n");
    if (!record.prompt.isEmpty()) {
        xml += QStringLiteral("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">") + xmlText(record.prompt)
            + QStringLiteral("</rdf:li></rdf:Alt></dc:description>\n");
    }
    if (!record.predictionId.isEmpty())
        xml += QStringLiteral("   <replimon:id>") + xmlText(record.predictionId) + QStringLiteral("</replimon:id>\n");
    if (!record.parameters.isEmpty()) {
        xml += QStringLiteral("   <replimon:parameters>") + xmlText(record.parameters)
            + QStringLiteral("</replimon:parameters>\n");
    }
    if (withPrediction && !record.predictionJson.isEmpty()) {
        xml += QStringLiteral("   <replimon:prediction>") + xmlText(QString::fromUtf8(record.predictionJson))
            + QStringLiteral("</replimon:prediction>\n");
    }
    xml += QStringLiteral("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    return xml.toUtf8();
}

Result<ProvenanceRecord, MetadataError> read(QByteArrayView packet)
{
    ProvenanceRecord record;
    QXmlStreamReader xml(packet.toByteArray());
    bool inDescription = false;
    const QLatin1String ours(namespaceUri);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) {
            if (xml.isEndElement() && xml.namespaceUri() == dcUri && xml.name() == QLatin1String("description"))
                inDescription = false;
            continue;
        }
        const QStringView name = xml.name();
        const QStringView uri = xml.namespaceUri();
        if (uri == dcUri && name == QLatin1String("description")) {
            inDescription = true;
        } else if (inDescription && uri == rdfUri && name == QLatin1String("li")) {
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (record.prompt.isEmpty())
                record.prompt = text;
        } else if (uri == ours && name == QLatin1String("id")) {
            record.predictionId = xml.readElementText(QXmlStreamReader::IncludeChildElements);
        } else if (uri == ours && name == QLatin1String("parameters")) {
            record.parameters = xml.readElementText(QXmlStreamReader::IncludeChildElements);
        } else if (uri == ours && name == QLatin1String("prediction")) {
            record.predictionJson = xml.readElementText(QXmlStreamReader::IncludeChildElements).toUtf8();
        } else if (uri == rdfUri && name == QLatin1String("Description")) {
            // Rewriting tools may turn simple properties into attributes.
            for (const QXmlStreamAttribute &attribute : xml.attributes()) {
                if (attribute.namespaceUri() != ours)
                    continue;
                if (attribute.name() == QLatin1String("parameters"))
                    record.parameters = attribute.value().toString();
                else if (attribute.name() == QLatin1String("prediction"))
                    record.predictionJson = attribute.value().toString().toUtf8();
                else if (attribute.name() == QLatin1String("id"))
                    record.predictionId = attribute.value().toString();
            }
        }
    }
    if (xml.hasError())
        return MetadataError::make(MetadataError::Kind::Malformed,
                                   QT_TRANSLATE_NOOP("MetadataError", "The XMP packet is not well-formed XML."));
    if (record.parameters.isEmpty() && record.predictionJson.isEmpty() && record.predictionId.isEmpty())
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "The XMP packet has no Replimon data."));
    return record;
}

} // namespace XmpPacket
