package io.billstream.usage.application;

import java.util.List;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.usage.db.EventImports;
import io.billstream.usage.domain.EventImport;
import io.billstream.usage.domain.ImportRejection;
import io.billstream.usage.domain.ImportStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the API tells about imports: their progress and their rejected lines. */
@Service
public class EventImportReports {

    /** Rejected lines shown with the import itself; the rest page through its rejections. */
    static final int INLINE_REJECTIONS = 10;

    private final EventImports imports;

    EventImportReports(EventImports imports) {
        this.imports = imports;
    }

    @Transactional(readOnly = true)
    public EventImportView get(String id) {
        String tenantId = TenantContext.require();
        EventImport eventImport = imports.find(tenantId, id, false).orElseThrow(() -> ApiException.notFound("event import", id));
        return EventImportView.of(eventImport, rejections(tenantId, id, new PageRequest(INLINE_REJECTIONS, null)));
    }

    @Transactional(readOnly = true)
    public ListPage<EventImportView> list(ImportStatus status, PageRequest page) {
        return ListPage.of(imports.list(TenantContext.require(), status, page), page, EventImport::id,
                eventImport -> EventImportView.of(eventImport, null));
    }

    @Transactional(readOnly = true)
    public ListPage<ImportRejectionView> rejections(String id, PageRequest page) {
        String tenantId = TenantContext.require();
        if (imports.find(tenantId, id, false).isEmpty()) {
            throw ApiException.notFound("event import", id);
        }
        return rejections(tenantId, id, page);
    }

    private ListPage<ImportRejectionView> rejections(String tenantId, String id, PageRequest page) {
        long afterLine;
        try {
            afterLine = page.after() == null ? 0 : Long.parseLong(page.after());
        } catch (NumberFormatException notOurs) {
            throw ApiException.invalid("cursor", "The cursor is not one this API returned");
        }
        List<ImportRejection> rows = imports.rejections(tenantId, id, afterLine, page.fetchSize());
        return ListPage.of(rows, page, rejection -> Long.toString(rejection.line()), ImportRejectionView::of);
    }
}
