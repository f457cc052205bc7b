package io.billstream.platform.clock;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, advancing and deleting test clocks. The advance itself runs in {@link TestClockAdvancing}. */
@Service
public class TestClockManagement {

    private final TestClocks clocks;
    private final List<TestClockData> data;
    private final AuditLog audit;
    private final Clock clock;

    TestClockManagement(TestClocks clocks, List<TestClockData> data, AuditLog audit, Clock clock) {
        this.clocks = clocks;
        this.data = data;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public TestClockView create(String name, Instant frozenTime) {
        TestClock created = TestClock.create(Ids.next("clock"), TenantContext.require(), name, frozenTime, clock.instant());
        clocks.insert(created);
        TestClockView view = TestClockView.of(created);
        audit.record("test_clock.create", "test_clock", created.id(), null, view);
        return view;
    }

    @Transactional(readOnly = true)
    public TestClockView get(String id) {
        return TestClockView.of(load(id, false));
    }

    @Transactional(readOnly = true)
    public ListPage<TestClockView> list(PageRequest page) {
        return ListPage.of(clocks.list(TenantContext.require(), page), page, TestClock::id, TestClockView::of);
    }

    /** Marks the clock advancing; the scheduler runs everything due up to {@code target}, then marks it ready. */
    @Transactional
    public TestClockView advance(String id, Instant target) {
        TestClock current = load(id, true);
        TestClock advancing = current.startAdvance(target, clock.instant());
        clocks.update(advancing);
        audit.record("test_clock.advance", "test_clock", id, TestClockView.of(current), TestClockView.of(advancing));
        return TestClockView.of(advancing);
    }

    /** Deletes the clock and every customer created on it, with all their data. */
    @Transactional
    public TestClockView delete(String id) {
        TestClock current = load(id, true);
        if (current.status() == TestClock.Status.ADVANCING) {
            throw ApiException.conflict("test_clock_advancing", null, "Test clock " + id + " is advancing; delete it once it is ready");
        }
        data.forEach(module -> module.deleteFor(id));
        clocks.delete(current.tenantId(), id);
        TestClockView view = TestClockView.of(current);
        audit.record("test_clock.delete", "test_clock", id, view, null);
        return view;
    }

    private TestClock load(String id, boolean forUpdate) {
        return clocks.find(TenantContext.require(), id, forUpdate).orElseThrow(() -> ApiException.notFound("test_clock", id));
    }
}
