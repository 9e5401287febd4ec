#pragma once

#include "ImageFactory.h"
#include "SimPrediction.h"

#include <QByteArray>
#include <QString>

class JsonWriter;

/// Turns a SimPrediction into the JSON body the API serves at a given moment, keys in the order of the
/// seeds' example, and names the files it points at.
class PredictionRenderer final
{
public:
    /// Where the URLs in a prediction point.
    struct Urls
    {
        QString apiRoot;     ///< `http://127.0.0.1:PORT/v1` as the request reached us (for --urls self).
        QString filesOrigin; ///< `http://127.0.0.2:PORT2`; the stream URLs point there too (another origin).
        bool self = false;
    };

    PredictionRenderer(ImageFactory &images, int imageSize);

    QByteArray render(const SimPrediction &prediction, qint64 nowNs, const Urls &urls) const;
    void write(JsonWriter &json, const SimPrediction &prediction, qint64 nowNs, const Urls &urls) const;

    /// `output-0.png` …
    static QString outputFileName(const SimPrediction &prediction, int index);
    ImageFactory::Spec outputImage(const SimPrediction &prediction, int index) const;
    ImageFactory::Spec inputImage(const SimPrediction &prediction, const QString &format) const;

private:
    void writeOutput(JsonWriter &json, const SimPrediction &prediction, const Urls &urls) const;

    ImageFactory &m_images;
    int m_imageSize;
};
