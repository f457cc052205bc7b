package io.billstream.platform.clock;

import java.time.Instant;

import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

@JacksonXmlRootElement(localName = "test_clock")
public record TestClockView(String id, String object, String name, Instant frozenTime, String status, Instant advancingTo,
                            Instant createdAt, Instant updatedAt) {

    static TestClockView of(TestClock clock) {
        return new TestClockView(clock.id(), "test_clock", clock.name(), clock.frozenTime(), clock.status().apiName(),
                clock.advanceTo(), clock.createdAt(), clock.updatedAt());
    }
}
