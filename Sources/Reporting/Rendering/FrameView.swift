extension PageFrame {
  /// What the templates read from the frame, formatted the same way on every page.
  ///
  /// The title, the run card, the warnings, the downloads and the footer. `figures` are the
  /// page's figures; those with a file to download are listed under the downloads.
  ///
  /// Its names sit at the top level of every page, beside the page's own.
  func view(figures: [PageFigure]) -> TemplateView {
    let downloads = self.downloads.map(\.link)
    let figureFiles = figures.filter(\.isDownload)
    return [
      "title": title,
      "warnings": warnings,
      "warningCount": warnings.isEmpty ? nil : NumberFormatting.count(warnings.count, "warning"),
      "parameters": parameters,
      "provenance": [
        "source": provenance.source, "sha256": provenance.sha256,
        "licence": provenance.licence, "attribution": provenance.attribution,
        "reading": provenance.reading,
      ] as TemplateView,
      "downloads": downloads,
      "figureFiles": figureFiles,
      "hasDownloads": !downloads.isEmpty || !figureFiles.isEmpty,
      // The downloads are inside the page (`--embed`), not beside it.
      "downloadsInside": self.downloads.contains { $0.dataURI != nil || $0.leftOut },
      "toolName": toolName,
      "toolVersion": toolVersion,
      "timings": timings,
      "hasTimings": !timings.isEmpty,
      // The run's command line, for a copyable block in the run card.
      "runCommand": command,
      "runCommandNote": commandNote,
    ]
  }
}

extension Download {
  /// The file in the downloads list: `href` is a `data:` link when the file is inside the page,
  /// else the file beside it, and is missing when the page stands alone and the file was left
  /// out; `saveAs` is the name a browser saves a `data:` link under.
  fileprivate var link: TemplateView {
    [
      "href": leftOut ? nil : dataURI ?? RelativeLink.encode(href),
      "saveAs": dataURI == nil ? nil : href,
      "leftOutNote": leftOut
        ? "Not included in this page (larger than the limit for embedding); it sits beside "
          + "the page in the output folder." : nil,
      "name": href, "contents": contents,
      "size": NumberFormatting.fileSize(bytes), "bytes": bytes,
    ]
  }
}

extension KeyValue: TemplateValue {
  var templateForm: Any { ["key": key, "value": value] as TemplateView }
}
