package io.billstream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BillstreamApplication {

    public static void main(String[] args) {
        SpringApplication.run(BillstreamApplication.class, args);
    }
}
