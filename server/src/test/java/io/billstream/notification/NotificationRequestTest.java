package io.billstream.notification;

import java.util.List;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationRequestTest {

    private static final NotificationRequest.Attachment PDF =
            new NotificationRequest.Attachment("INV-1.pdf", "application/pdf", new byte[] {1, 2, 3});

    @Test
    void a_complete_request_is_accepted_and_keeps_its_own_copy_of_attachments() {
        byte[] content = {1, 2, 3};
        var attachment = new NotificationRequest.Attachment("INV-1.pdf", "application/pdf", content);
        var request = new NotificationRequest("invoice.finalized", "ap@globex.example", "Invoice INV-1", "Hello", "<p>Hello</p>",
                List.of(attachment), "cus_1", "inv_1");
        content[0] = 9;

        assertThat(request.attachments()).hasSize(1);
        assertThat(request.attachments().getFirst().content()).containsExactly(1, 2, 3);
        assertThat(request.attachments().getFirst().size()).isEqualTo(3);
    }

    @Test
    void attachments_and_optional_fields_may_be_left_out() {
        var request = new NotificationRequest("invoice.finalized", "a@b.co", "Subject", "Body", null, null, null, null);

        assertThat(request.attachments()).isEmpty();
    }

    @Test
    void the_recipient_must_be_exactly_one_address() {
        for (String recipient : new String[] {null, "", "not-an-address", "a@b.co, c@d.co", "a@b.co,c@d.co", "Ann <a@b.co>",
                "a@b.co\r\nBcc: x@y.co", "a b@c.co"}) {
            assertThatThrownBy(() -> request(recipient, "Subject"))
                    .as(recipient).isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("recipient");
        }
    }

    @Test
    void header_values_may_not_contain_line_breaks() {
        assertThatThrownBy(() -> request("a@b.co", "Invoice\r\nBcc: x@y.co"))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("subject");
        assertThatThrownBy(() -> new NotificationRequest.Attachment("a\nb.pdf", "application/pdf", new byte[0]))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("attachments.filename");
        assertThatThrownBy(() -> new NotificationRequest.Attachment("a.pdf", "application/pdf\r\nX: y", new byte[0]))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("attachments.content_type");
    }

    @Test
    void kind_subject_and_text_body_are_required() {
        assertThatThrownBy(() -> new NotificationRequest("finalized", "a@b.co", "S", "B", null, null, null, null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("kind");
        assertThatThrownBy(() -> request("a@b.co", " "))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("subject");
        assertThatThrownBy(() -> new NotificationRequest("invoice.finalized", "a@b.co", "S", "", null, null, null, null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("text_body");
    }

    @Test
    void attachments_are_limited_in_total_size() {
        var half = new NotificationRequest.Attachment("a.bin", "application/octet-stream",
                new byte[NotificationRequest.MAX_ATTACHMENT_BYTES / 2 + 1]);

        assertThatThrownBy(() -> new NotificationRequest("invoice.finalized", "a@b.co", "S", "B", null, List.of(half, half), null, null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("attachments");
    }

    @Test
    void a_file_name_is_not_a_path() {
        assertThatThrownBy(() -> new NotificationRequest.Attachment("../etc/passwd", "text/plain", new byte[0]))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("attachments.filename");
    }

    private static NotificationRequest request(String recipient, String subject) {
        return new NotificationRequest("invoice.finalized", recipient, subject, "Body", null, List.of(PDF), null, null);
    }
}
